import { describe, expect, it } from 'vitest';
import { ROLES } from '../roles.ts';
import {
  allowedNoticeActions,
  NOTICE_STATES,
  nextNoticeState,
  reachableNoticeStates,
} from './notice-states.ts';

describe('notice state machine', () => {
  it('follows the loop for the roles that own each step', () => {
    const office = { role: 'analyst', requiresLeaderApproval: false } as const;
    const handler = { role: 'unit_handler', requiresLeaderApproval: false } as const;
    expect(nextNoticeState('draft', 'issue', office)).toBe('issued');
    expect(nextNoticeState('issued', 'sign', handler)).toBe('signed');
    expect(nextNoticeState('signed', 'report_back', handler)).toBe('reported');
    expect(nextNoticeState('reported', 'return', office)).toBe('returned');
    expect(nextNoticeState('returned', 'report_back', handler)).toBe('reported');
    expect(nextNoticeState('verifying', 'close', office)).toBe('closed');
  });

  it('routes a handler report-back through the unit leader when approval is required', () => {
    expect(
      nextNoticeState('rectifying', 'report_back', { role: 'unit_handler', requiresLeaderApproval: true }),
    ).toBe('awaiting_approval');
    expect(
      nextNoticeState('rectifying', 'report_back', { role: 'unit_leader', requiresLeaderApproval: true }),
    ).toBe('reported');
    expect(
      nextNoticeState('awaiting_approval', 'approve_report', {
        role: 'unit_handler',
        requiresLeaderApproval: true,
      }),
    ).toBeNull();
  });

  it('never lets the office act for the unit or the unit decide for the office', () => {
    for (const state of NOTICE_STATES) {
      for (const role of ROLES) {
        const actions = allowedNoticeActions(state, { role, requiresLeaderApproval: false });
        const unitActions = ['sign', 'progress', 'report_back', 'approve_report', 'reject_report'];
        if (role === 'unit_handler' || role === 'unit_leader') {
          expect(actions.every((a) => unitActions.includes(a))).toBe(true);
        } else {
          expect(actions.some((a) => unitActions.includes(a))).toBe(false);
        }
      }
    }
  });

  it('gives auditors and duty officers no actions at all', () => {
    for (const state of NOTICE_STATES) {
      expect(allowedNoticeActions(state, { role: 'auditor', requiresLeaderApproval: false })).toEqual([]);
      expect(allowedNoticeActions(state, { role: 'duty_officer', requiresLeaderApproval: false })).toEqual(
        [],
      );
    }
  });

  it('lists the states reachable from each state, and none from the terminal ones', () => {
    expect(reachableNoticeStates('draft')).toEqual(['issued', 'withdrawn']);
    expect(reachableNoticeStates('withdrawn')).toEqual([]);
    expect(reachableNoticeStates('closed')).toEqual(['returned']);
  });
});
