import { Type } from 'typebox';
import { Abilities, Nullable } from '../../../platform/http/schemas.ts';
import { MAX_REMINDERS } from './escalation-settings.ts';

const DurationText = Type.String({
  maxLength: 16,
  description: "'1wd' working days, '2wh' working hours, '3d'",
});
const Clock = Type.String({ maxLength: 5, description: 'HH:mm, China time' });

const Fields = {
  remindBefore: Type.Array(DurationText, {
    maxItems: MAX_REMINDERS,
    description: 'reminders before each deadline, counted backwards on the working calendar',
  }),
  superviseLeaderAfter: Type.String({
    maxLength: 16,
    description: 'overdue this long → 督办 to the unit leader',
  }),
  superviseOfficeAfter: Type.String({ maxLength: 16, description: 'overdue this long → office leadership' }),
  workingHours: Type.Object(
    { start: Clock, end: Clock, lunchStart: Nullable(Clock), lunchEnd: Nullable(Clock) },
    { additionalProperties: false },
  ),
};

export const EscalationQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1, description: "default: the caller's own region" })),
});

export const EscalationInput = Type.Object(Fields, { additionalProperties: false });

export const EscalationSettingsSchema = Type.Object(
  {
    regionId: Type.Integer(),
    inheritedFromRegionId: Nullable(Type.Integer({ description: 'null: the shipped defaults apply' })),
    ...Fields,
    abilities: Abilities,
  },
  { $id: 'NoticeEscalationSettings' },
);
