import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import { presentCalendarYear, presentCalendarYearDetail } from './calendar.presenter.ts';
import {
  CalendarYear,
  CalendarYearDetail,
  CalendarYearInput,
  DeadlineInput,
  DeadlineResult,
  YearParams,
} from './calendar.schemas.ts';
import type { CalendarService } from './calendar.service.ts';

// The calendar sits with the organisation's settings, so it reuses the org scopes for API tokens.
const read = { access: { kind: 'user', scope: 'org:read' } } as const;
const write = { access: { kind: 'user', scope: 'org:write' } } as const;
const tags = ['calendar'];

export async function calendarRoutes(app: App, calendar: CalendarService): Promise<void> {
  app.get(
    '/api/v1/calendar/years',
    {
      config: read,
      schema: {
        tags,
        summary: 'Years with a holiday schedule, and this year and next',
        response: { 200: Type.Array(CalendarYear) },
      },
    },
    async (req) => (await calendar.listYears(actorOf(req))).map((y) => presentCalendarYear(actorOf(req), y)),
  );
  app.get(
    '/api/v1/calendar/:year',
    {
      config: read,
      schema: {
        tags,
        summary: 'Every day of a year: working or not, holiday and make-up names',
        params: YearParams,
        response: { 200: CalendarYearDetail },
      },
    },
    async (req) =>
      presentCalendarYearDetail(actorOf(req), await calendar.getYear(actorOf(req), req.params.year)),
  );
  app.put(
    '/api/v1/calendar/:year',
    {
      config: write,
      schema: {
        tags,
        summary: 'Import or replace a whole year of the holiday schedule',
        params: YearParams,
        body: CalendarYearInput,
        response: { 200: CalendarYear },
      },
    },
    async (req) =>
      presentCalendarYear(actorOf(req), await calendar.putYear(actorOf(req), req.params.year, req.body)),
  );
  app.post(
    '/api/v1/calendar/deadline',
    {
      config: read,
      schema: {
        tags,
        summary: 'Compute a deadline on the working calendar',
        body: DeadlineInput,
        response: { 200: DeadlineResult },
      },
    },
    async (req) => calendar.deadline(actorOf(req), req.body.start, req.body.duration),
  );
}
