import { ROLES } from '@shouwang/common';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../../platform/http/actor.ts';
import { feedAbilities, intelPolicy } from './intel.policy.ts';

describe('intel policy', () => {
  it('lets office roles read and admins and analysts manage', () => {
    const table = ROLES.map((role) => {
      const actor = { ...systemActor(), role };
      return [role, intelPolicy.canRead(actor), intelPolicy.canManage(actor), feedAbilities(actor).import];
    });
    expect(table).toEqual([
      ['system_admin', true, true, true],
      ['office_admin', true, true, true],
      ['analyst', true, true, true],
      ['duty_officer', true, false, false],
      ['auditor', true, false, false],
      ['unit_leader', false, false, false],
      ['unit_handler', false, false, false],
    ]);
  });
});
