import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, DAY_KINDS } from '@shouwang/common/calendar/index';
import { Type } from 'typebox';
import { Abilities, Nullable, StringEnum } from '../../platform/http/schemas.ts';

export const YearParams = Type.Object({
  year: Type.Integer({ minimum: CALENDAR_MIN_YEAR, maximum: CALENDAR_MAX_YEAR }),
});

const YearFields = {
  year: Type.Integer(),
  status: StringEnum(['official', 'provisional'], {
    description: 'provisional: no official schedule yet; deadlines in this year count weekdays only',
  }),
  origin: StringEnum(['imported', 'shipped', 'none']),
  version: Nullable(Type.String()),
  source: Nullable(Type.String()),
  holidays: Type.Integer({ description: 'number of holiday days' }),
  makeUpWorkdays: Type.Integer({ description: 'number of make-up working days (调休上班)' }),
  importedAt: Nullable(Type.String()),
  importedBy: Nullable(Type.String()),
  abilities: Abilities,
};

export const CalendarYear = Type.Object(YearFields, { $id: 'CalendarYear' });

export const CalendarDay = Type.Object(
  {
    date: Type.String(),
    working: Type.Boolean(),
    kind: StringEnum(DAY_KINDS),
    name: Type.Optional(Type.String()),
  },
  { $id: 'CalendarDay' },
);

export const CalendarYearDetail = Type.Object(
  { ...YearFields, days: Type.Array(CalendarDay) },
  { $id: 'CalendarYearDetail' },
);

const NamedDay = Type.Object(
  {
    date: Type.String({ maxLength: 10, description: 'YYYY-MM-DD' }),
    name: Type.String({ maxLength: 50 }),
  },
  { additionalProperties: false },
);

/** A whole year; the service checks the dates against the year and each other. */
export const CalendarYearInput = Type.Object(
  {
    year: Type.Optional(Type.Integer()),
    version: Type.String({ maxLength: 64 }),
    source: Type.String({ maxLength: 200 }),
    holidays: Type.Array(NamedDay, { maxItems: 120 }),
    makeUpWorkdays: Type.Array(NamedDay, { maxItems: 120 }),
  },
  { additionalProperties: false },
);

export const DeadlineInput = Type.Object(
  {
    start: Type.String({ maxLength: 40, description: 'ISO 8601, e.g. 2026-09-30T10:00+08:00' }),
    duration: Type.String({ maxLength: 16, description: '5wd (working days), 3d (natural days), 8wh' }),
  },
  { additionalProperties: false },
);

export const DeadlineResult = Type.Object(
  {
    start: Type.String(),
    duration: Type.String(),
    deadline: Type.String({ description: 'ISO 8601 in China time (+08:00)' }),
    provisional: Type.Boolean(),
  },
  { $id: 'DeadlineResult' },
);
