import { describe, expect, it } from 'vitest';
import { type RoutingRule, suggestUnit } from './intake-routing.ts';

const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  id: 1,
  officeRegionPath: '/1/',
  position: 1,
  regionId: null,
  regionPath: null,
  regionName: null,
  kind: null,
  category: null,
  messageType: null,
  topic: null,
  unitId: 100,
  unitName: 'U',
  active: true,
  ...over,
});
const message = {
  region_path: '/1/2/',
  kind: 'message',
  category: null,
  message_type: 'complaint',
  topic: 'Road works',
};

describe('routing suggestion', () => {
  it('takes the first matching rule by position', () => {
    const rules = [
      rule({ id: 1, position: 2, unitId: 1 }),
      rule({ id: 2, position: 1, topic: 'road', unitId: 2 }),
    ];
    expect(suggestUnit(rules, message)?.unitId).toBe(2);
    expect(suggestUnit(rules, { ...message, topic: 'parks' })?.unitId).toBe(1);
  });

  it('prefers the nearer office’s rules to its ancestors’', () => {
    const rules = [
      rule({ id: 1, unitId: 1 }),
      rule({ id: 2, officeRegionPath: '/1/2/', position: 9, unitId: 2 }),
    ];
    expect(suggestUnit(rules, message)?.unitId).toBe(2);
    expect(suggestUnit(rules, { ...message, region_path: '/1/3/' })?.unitId).toBe(1);
  });

  it('matches region subtree, kind, category and type, and skips inactive rules', () => {
    const rules = [
      rule({ id: 1, regionPath: '/1/3/', unitId: 1 }),
      rule({ id: 2, position: 2, kind: 'report', category: 'fraud', unitId: 2 }),
      rule({ id: 3, position: 3, messageType: 'complaint', active: false, unitId: 3 }),
    ];
    expect(suggestUnit(rules, message)).toBeNull();
    expect(
      suggestUnit(rules, { ...message, kind: 'report', category: 'fraud', message_type: null })?.unitId,
    ).toBe(2);
    expect(suggestUnit(rules, { ...message, region_path: '/1/3/7/' })?.unitId).toBe(1);
  });
});
