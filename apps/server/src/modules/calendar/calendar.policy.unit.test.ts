import { ROLES, type Role } from '@shouwang/common';
import { describe, expect, it } from 'vitest';
import { type Actor, systemActor } from '../../platform/http/actor.ts';
import { calendarAbilities, calendarPolicy } from './calendar.policy.ts';

const actor = (role: Role, regionPath: string): Actor => ({ ...systemActor(regionPath), role });

describe('calendarPolicy', () => {
  it('lets every office role read and no unit role', () => {
    const readers = ROLES.filter((r) => calendarPolicy.canRead(actor(r, '/1/4/')));
    expect(readers).toEqual(['system_admin', 'office_admin', 'analyst', 'duty_officer', 'auditor']);
  });

  it('lets system admins and root office admins write, not a county office admin', () => {
    expect(calendarPolicy.canWrite(actor('system_admin', '/1/4/'))).toBe(true);
    expect(calendarPolicy.canWrite(actor('office_admin', '/1/'))).toBe(true);
    expect(calendarPolicy.canWrite(actor('office_admin', '/12/'))).toBe(true);
    expect(calendarPolicy.canWrite(actor('office_admin', '/1/4/'))).toBe(false);
    for (const role of ['analyst', 'duty_officer', 'auditor', 'unit_leader', 'unit_handler'] as const) {
      expect(calendarPolicy.canWrite(actor(role, '/1/')), role).toBe(false);
    }
    expect(calendarAbilities(actor('office_admin', '/1/4/'))).toEqual({ update: false });
  });
});
