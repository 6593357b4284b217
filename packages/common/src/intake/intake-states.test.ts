import { describe, expect, it } from 'vitest';
import {
  allowedIntakeActions,
  INTAKE_ACTIONS,
  INTAKE_STATES,
  INTAKE_TRANSITIONS,
  nextIntakeState,
  reachableIntakeStates,
} from './intake.ts';

describe('case state machine', () => {
  it('sends a handler reply to the leader only when two-step approval is on', () => {
    expect(
      nextIntakeState('signed', 'submit_reply', { role: 'unit_handler', requiresLeaderApproval: true }),
    ).toBe('leader_review');
    expect(
      nextIntakeState('signed', 'submit_reply', { role: 'unit_leader', requiresLeaderApproval: true }),
    ).toBe('reply_review');
    expect(
      nextIntakeState('signed', 'submit_reply', { role: 'unit_handler', requiresLeaderApproval: false }),
    ).toBe('reply_review');
  });

  it('keeps each side to its own actions', () => {
    expect(nextIntakeState('dispatched', 'sign', 'office_admin')).toBeNull();
    expect(nextIntakeState('reply_review', 'approve_reply', 'unit_leader')).toBeNull();
    expect(nextIntakeState('leader_review', 'leader_approve', 'unit_handler')).toBeNull();
    expect(allowedIntakeActions('received', 'duty_officer')).toEqual([]);
    expect(allowedIntakeActions('received', 'analyst')).toEqual([
      'dispatch',
      'transfer',
      'forward',
      'to_notice',
      'merge',
    ]);
  });

  it('records extensions and follow-ups without moving the case', () => {
    expect(nextIntakeState('signed', 'request_extension', 'unit_handler')).toBe('signed');
    expect(nextIntakeState('reply_review', 'approve_extension', 'office_admin')).toBe('reply_review');
    expect(nextIntakeState('closed', 'follow_up', 'analyst')).toBe('closed');
  });

  it('has no dead ends except the terminal states, and every rule names known states', () => {
    for (const action of INTAKE_ACTIONS) {
      for (const s of INTAKE_TRANSITIONS[action].from) expect(INTAKE_STATES).toContain(s);
    }
    const terminal = INTAKE_STATES.filter((s) => reachableIntakeStates(s).length === 0);
    expect(terminal).toEqual(['transferred']);
    expect(reachableIntakeStates('closed')).toEqual(['dispatched']);
  });
});
