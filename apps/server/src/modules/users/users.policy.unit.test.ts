import type { Role } from '@shouwang/common';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/http/actor.ts';
import { type Assignment, userAbilities, usersPolicy } from './users.policy.ts';

function actor(role: Role, regionPath: string, extra: Partial<Actor> = {}): Actor {
  return {
    userId: 100,
    username: 'a',
    displayName: 'A',
    role,
    regionId: Number(regionPath.split('/').filter(Boolean).at(-1)),
    regionPath,
    unitId: null,
    via: 'session',
    scopes: null,
    sessionId: null,
    ip: null,
    requestId: null,
    locale: 'en-US',
    ...extra,
  };
}

// City 1 > county 2 (unit 20) and county 3 (unit 30).
const city = actor('office_admin', '/1/');
const county = actor('office_admin', '/1/2/');
const sys = actor('system_admin', '/1/');
const handler = actor('unit_handler', '/1/2/', { unitId: 20 });
const unitA = { id: 20, regionId: 2, regionPath: '/1/2/' };
const unitB = { id: 30, regionId: 3, regionPath: '/1/3/' };
const assign = (role: Role, region: [number, string], unit: Assignment['unit'] = null): Assignment => ({
  role,
  region: { id: region[0], path: region[1] },
  unit,
});

describe('usersPolicy.canRead', () => {
  const inB = { id: 5, role: 'unit_handler', regionPath: '/1/3/', unitId: 30 };
  const inA = { id: 6, role: 'unit_handler', regionPath: '/1/2/', unitId: 20 };
  const officeInA = { id: 7, role: 'analyst', regionPath: '/1/2/', unitId: null };
  it('lets office roles read their subtree only', () => {
    expect(usersPolicy.canRead(city, inB)).toBe(true);
    expect(usersPolicy.canRead(county, inA)).toBe(true);
    expect(usersPolicy.canRead(county, inB)).toBe(false);
    expect(usersPolicy.canRead(actor('auditor', '/1/2/'), inA)).toBe(true);
  });
  it('lets unit roles read their own unit only', () => {
    expect(usersPolicy.canRead(handler, inA)).toBe(true);
    expect(usersPolicy.canRead(handler, officeInA)).toBe(false);
    expect(usersPolicy.canRead(handler, inB)).toBe(false);
  });
  it('always lets users read themselves', () => {
    expect(
      usersPolicy.canRead(handler, { id: 100, role: 'unit_handler', regionPath: '/9/', unitId: 99 }),
    ).toBe(true);
  });
});

describe('usersPolicy.canWrite', () => {
  it('allows admins in their subtree and never office admins over a system admin', () => {
    const sysTarget = { id: 1, role: 'system_admin', regionPath: '/1/', unitId: null };
    expect(usersPolicy.canWrite(city, sysTarget)).toBe(false);
    expect(usersPolicy.canWrite(sys, sysTarget)).toBe(true);
    expect(usersPolicy.canWrite(county, { id: 2, role: 'analyst', regionPath: '/1/2/', unitId: null })).toBe(
      true,
    );
    expect(usersPolicy.canWrite(county, { id: 2, role: 'analyst', regionPath: '/1/', unitId: null })).toBe(
      false,
    );
  });
  it('refuses every non-admin role', () => {
    const t = { id: 2, role: 'unit_handler', regionPath: '/1/2/', unitId: 20 };
    for (const role of ['analyst', 'duty_officer', 'auditor'] as const) {
      expect(usersPolicy.canWrite(actor(role, '/1/'), t)).toBe(false);
    }
    expect(usersPolicy.canWrite(actor('unit_leader', '/1/2/', { unitId: 20 }), t)).toBe(false);
  });
});

describe('usersPolicy.checkAssignment', () => {
  it('accepts a unit role at its unit region inside the subtree', () => {
    expect(usersPolicy.checkAssignment(county, assign('unit_handler', [2, '/1/2/'], unitA))).toBeNull();
    expect(usersPolicy.checkAssignment(county, assign('analyst', [2, '/1/2/']))).toBeNull();
  });
  it('hides regions and units outside the subtree (404)', () => {
    expect(usersPolicy.checkAssignment(county, assign('analyst', [3, '/1/3/']))).toEqual({
      kind: 'not_found',
    });
    expect(usersPolicy.checkAssignment(county, assign('unit_handler', [2, '/1/2/'], unitB))).toEqual({
      kind: 'not_found',
    });
  });
  it('keeps system_admin to system admins and writes to admins', () => {
    expect(usersPolicy.checkAssignment(city, assign('system_admin', [1, '/1/']))).toEqual({
      kind: 'forbidden',
    });
    expect(usersPolicy.checkAssignment(sys, assign('system_admin', [1, '/1/']))).toBeNull();
    expect(usersPolicy.checkAssignment(actor('analyst', '/1/'), assign('analyst', [1, '/1/']))).toEqual({
      kind: 'forbidden',
    });
  });
  it('requires a unit for unit roles, at the unit region, and none for office roles', () => {
    expect(usersPolicy.checkAssignment(county, assign('unit_leader', [2, '/1/2/']))).toMatchObject({
      field: 'unitId',
      rule: 'unit_required',
    });
    expect(usersPolicy.checkAssignment(city, assign('unit_leader', [1, '/1/'], unitA))).toMatchObject({
      field: 'regionId',
      rule: 'unit_region_mismatch',
    });
    expect(usersPolicy.checkAssignment(county, assign('analyst', [2, '/1/2/'], unitA))).toMatchObject({
      field: 'unitId',
      rule: 'office_role_has_unit',
    });
  });
});

describe('self changes and abilities', () => {
  const me = { id: 100, role: 'office_admin', regionPath: '/1/2/', unitId: null };
  it('refuses disabling or re-roling oneself but allows other edits', () => {
    expect(usersPolicy.isRefusedSelfChange(county, me, { role: 'analyst', disabled: false })).toBe(true);
    expect(usersPolicy.isRefusedSelfChange(county, me, { role: 'office_admin', disabled: true })).toBe(true);
    expect(usersPolicy.isRefusedSelfChange(county, me, { role: 'office_admin', disabled: false })).toBe(
      false,
    );
    expect(
      usersPolicy.isRefusedSelfChange(county, { ...me, id: 5 }, { role: 'analyst', disabled: true }),
    ).toBe(false);
  });
  it('derives the buttons the web app shows', () => {
    expect(userAbilities(county, { ...me, locked: false, totpEnabled: true })).toEqual({
      update: true,
      disable: false,
      changeRole: false,
      unlock: false,
      resetPassword: true,
      resetTotp: true,
    });
    expect(userAbilities(handler, { ...me, id: 5, locked: true, totpEnabled: true }).unlock).toBe(false);
  });
});
