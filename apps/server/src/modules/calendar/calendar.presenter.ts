import type { Actor } from '../../platform/http/actor.ts';
import { calendarAbilities } from './calendar.policy.ts';
import type { CalendarYearDetail, CalendarYearSummary } from './calendar.service.ts';

export function presentCalendarYear(actor: Actor, y: CalendarYearSummary) {
  return { ...y, abilities: calendarAbilities(actor) };
}

export function presentCalendarYearDetail(actor: Actor, y: CalendarYearDetail) {
  return { ...presentCalendarYear(actor, y), days: y.days };
}
