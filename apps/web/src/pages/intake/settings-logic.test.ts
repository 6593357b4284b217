import { describe, expect, it } from 'vitest';
import {
  declaredExtension,
  formatBytes,
  fromMb,
  moveRule,
  nameMismatch,
  type RoutingRule,
  ruleOffice,
  toMb,
} from './settings-logic.ts';

const rule = (id: number, officeRegionPath: string, reorder: boolean) =>
  ({ id, officeRegionPath, abilities: { update: reorder, reorder } }) as RoutingRule;

describe('intake settings logic', () => {
  it('moves one of the office’s own rules and leaves the parent office’s rules out of the order', () => {
    const rules = [
      rule(7, '/1/2/', true),
      rule(3, '/1/2/', true),
      rule(9, '/1/', false),
      rule(5, '/1/2/', true),
    ];
    expect(moveRule(rules, 5, -1)).toEqual([7, 5, 3]);
    expect(moveRule(rules, 7, 1)).toEqual([3, 7, 5]);
    expect(moveRule(rules, 7, -1)).toBeNull();
    expect(moveRule(rules, 5, 1)).toBeNull();
    expect(moveRule(rules, 9, 1)).toBeNull();
  });

  it('tells the caller’s own rules from a parent’s and a lower office’s', () => {
    expect(ruleOffice(rule(1, '/1/2/', true), '/1/2/')).toBe('own');
    expect(ruleOffice(rule(1, '/1/', false), '/1/2/')).toBe('inherited');
    expect(ruleOffice(rule(1, '/1/2/3/', false), '/1/2/')).toBe('lower');
  });

  it('converts upload limits between bytes and megabytes both ways', () => {
    expect(toMb(10 * 1024 * 1024)).toBe(10);
    expect(fromMb(2.5)).toBe(2_621_440);
    expect(fromMb(toMb(30 * 1024 * 1024))).toBe(30 * 1024 * 1024);
    expect(formatBytes(1536)).toBe('2 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(formatBytes(12)).toBe('12 B');
  });

  it('flags a file whose name claims another type than its bytes', () => {
    expect(declaredExtension('Photo.JPG')).toBe('jpg');
    expect(declaredExtension('README')).toBe('');
    expect(nameMismatch({ name: 'holiday.jpg', sniffedType: 'gif' })).toBe(true);
    expect(nameMismatch({ name: 'IMG_1.jpeg', sniffedType: 'jpeg' })).toBe(false);
    expect(nameMismatch({ name: 'scan', sniffedType: 'pdf' })).toBe(false);
    expect(nameMismatch({ name: 'old.png', sniffedType: null })).toBe(false);
  });
});
