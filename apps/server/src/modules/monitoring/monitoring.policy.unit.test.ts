import type { Role } from '@shouwang/common';
import { describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { monitoringPolicy } from './monitoring.policy.ts';

const actor = (role: Role, regionPath: string, unitId: number | null = null): Actor => ({
  ...systemActor(regionPath),
  role,
  unitId,
});
const site = { unitId: 7, regionPath: '/1/2/' };

describe('monitoringPolicy', () => {
  it('lets office roles read inside their jurisdiction only', () => {
    expect(monitoringPolicy.canRead(actor('duty_officer', '/1/'), site)).toBe(true);
    expect(monitoringPolicy.canRead(actor('auditor', '/1/3/'), site)).toBe(false);
  });
  it('lets unit roles read their own unit only', () => {
    expect(monitoringPolicy.canRead(actor('unit_handler', '/1/2/', 7), site)).toBe(true);
    expect(monitoringPolicy.canRead(actor('unit_leader', '/1/2/', 8), site)).toBe(false);
  });
  it('lets analysts and admins write inside, never duty officers or units', () => {
    expect(monitoringPolicy.canWrite(actor('analyst', '/1/'), site)).toBe(true);
    expect(monitoringPolicy.canWrite(actor('office_admin', '/1/3/'), site)).toBe(false);
    expect(monitoringPolicy.canWrite(actor('duty_officer', '/1/'), site)).toBe(false);
    expect(monitoringPolicy.canWrite(actor('unit_leader', '/1/2/', 7), site)).toBe(false);
  });
});
