import type { Role } from '@shouwang/common';
import { describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { assetAbilities, assetPolicy } from './assets.policy.ts';

function actor(role: Role, regionPath: string, unitId: number | null = null): Actor {
  return { ...systemActor(), role, regionPath, unitId, via: 'session', username: role };
}

const inCountyA = { unitId: 7, regionPath: '/1/2/' };
const inTownOfA = { unitId: 8, regionPath: '/1/2/5/' };
const inCountyB = { unitId: 9, regionPath: '/1/3/' };

describe('assetPolicy', () => {
  it('lets office roles read the assets of units in their subtree only', () => {
    const countyAnalyst = actor('analyst', '/1/2/');
    expect(assetPolicy.canRead(countyAnalyst, inCountyA)).toBe(true);
    expect(assetPolicy.canRead(countyAnalyst, inTownOfA)).toBe(true);
    expect(assetPolicy.canRead(countyAnalyst, inCountyB)).toBe(false);
  });

  it('lets unit roles read their own unit’s assets only, and never write', () => {
    const handler = actor('unit_handler', '/1/2/', 7);
    expect(assetPolicy.canRead(handler, inCountyA)).toBe(true);
    expect(assetPolicy.canRead(handler, inTownOfA)).toBe(false);
    expect(assetPolicy.canWrite(handler, inCountyA)).toBe(false);
    expect(assetPolicy.canImport(handler)).toBe(false);
  });

  it('lets admins and analysts write inside their jurisdiction, but not duty officers or auditors', () => {
    for (const role of ['system_admin', 'office_admin', 'analyst'] as const) {
      expect(assetAbilities(actor(role, '/1/2/'), inTownOfA)).toEqual({ update: true, delete: true });
      expect(assetPolicy.canWrite(actor(role, '/1/2/'), inCountyB)).toBe(false);
    }
    for (const role of ['duty_officer', 'auditor'] as const) {
      expect(assetPolicy.canRead(actor(role, '/1/'), inCountyA)).toBe(true);
      expect(assetPolicy.canWrite(actor(role, '/1/'), inCountyA)).toBe(false);
      expect(assetPolicy.canImport(actor(role, '/1/'))).toBe(false);
    }
  });
});
