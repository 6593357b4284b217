import { Type } from 'typebox';
import { type App, actorOf } from '../../platform/http/app.ts';
import {
  INTAKE_DASHBOARD_DEFAULT_DAYS,
  INTAKE_DASHBOARD_MAX_DAYS,
  type IntakeDashboardService,
} from './intake-dashboard.service.ts';
import { IntakeDashboard } from './intake-responses.schemas.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const read = { access: { kind: 'user', scope: 'intake:read' } } as const;
const tags = ['intake'];

const DateOnly = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A China-time day, YYYY-MM-DD',
});
const DashboardQuery = Type.Object({
  regionId: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
});

const description =
  'backlog: cases a unit owes work on now (dispatched, signed, in leader or office review) by unit and age since ' +
  'dispatch (China-time calendar days), with overdue and supervised (督办 level ≥ 2) counts; byUnit lists the ' +
  '`top` units by backlog. Period (from..to, both included, default the last ' +
  `${INTAKE_DASHBOARD_DEFAULT_DAYS} days, at most ${INTAKE_DASHBOARD_MAX_DAYS}): onTimeSigningRate = signed by ` +
  'the sign deadline / dispatched in the period (unsigned cases still inside their window left out); ' +
  'onTimeCompletionRate = replies approved in the period by the handling deadline / (replies approved in the ' +
  'period + open cases already past the handling deadline, dispatched before the period ended); followUpRate = ' +
  'followed up / completed, over cases with a contact phone (anonymous ones counted apart); satisfactionRate = ' +
  '(satisfied + basically satisfied) / ratings given in the period; reassignRate and returnRate = cases ' +
  'reassigned / whose reply was sent back, over dispatched. Rates are null when the denominator is 0. Office ' +
  'roles see their jurisdiction (or regionId in it; outside answers 404); unit roles their own cases.';

export async function intakeDashboardRoutes(app: App, dashboard: IntakeDashboardService): Promise<void> {
  app.get(
    '/api/v1/intake/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: 'Backlog (清零) and KPIs of citizen cases',
        description,
        querystring: DashboardQuery,
        response: { 200: IntakeDashboard },
      },
    },
    async (req) => dashboard.get(actorOf(req), req.query, req.locale),
  );
  app.get(
    '/api/v1/intake/dashboard/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The backlog and KPI tables for every unit as XLSX (audited)',
        querystring: DashboardQuery,
      },
    },
    async (req, reply) => {
      const stream = await dashboard.exportXlsx(actorOf(req), req.query, req.locale);
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', `attachment; filename="intake-dashboard-${day}.xlsx"`)
        .send(stream);
    },
  );
}
