import { Type } from 'typebox';
import { type App, actorOf } from '../../../platform/http/app.ts';
import { Nullable } from '../../../platform/http/schemas.ts';
import {
  DASHBOARD_DEFAULT_DAYS,
  DASHBOARD_MAX_DAYS,
  type NoticeDashboardService,
} from './dashboard.service.ts';

const DateOnly = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A China-time day, YYYY-MM-DD',
});

const DashboardQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
});

const Counts = { open: Type.Integer(), overdue: Type.Integer() };
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

const NoticeDashboard = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    ...Counts,
    bySeverity: Type.Object({
      I: Type.Integer(),
      II: Type.Integer(),
      III: Type.Integer(),
      IV: Type.Integer(),
    }),
    byUnit: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), ...Counts })),
    onTimeSigningRate: Rate,
    onTimeRectificationRate: Rate,
    trend: Type.Array(Type.Object({ date: Type.String(), opened: Type.Integer(), closed: Type.Integer() })),
  },
  { $id: 'NoticeDashboard' },
);

export async function noticeDashboardRoutes(app: App, dashboard: NoticeDashboardService): Promise<void> {
  app.get(
    '/api/v1/notices/dashboard',
    {
      config: { access: { kind: 'user', scope: 'notices:read' } },
      schema: {
        tags: ['notices'],
        summary: 'Notice KPIs over the caller’s jurisdiction (or a region of it) and a period',
        description:
          'open/overdue/bySeverity/byUnit: notices open now (byUnit: the `top` units by open, then overdue). ' +
          'Period: China-time days from..to, both included (default the last ' +
          `${DASHBOARD_DEFAULT_DAYS} days, at most ${DASHBOARD_MAX_DAYS}). onTimeSigningRate = signed by the ` +
          'sign deadline / issued in the period (unsigned notices still inside their signing window are left ' +
          'out). onTimeRectificationRate = closed in the period having reported back by the deadline / ' +
          '(closed in the period + open and already overdue). Rates are null when the denominator is 0. ' +
          'trend: per day, notices issued and closed. A region outside the jurisdiction answers 404.',
        querystring: DashboardQuery,
        response: { 200: NoticeDashboard },
      },
    },
    async (req) => dashboard.get(actorOf(req), req.query, req.locale),
  );
}
