import { Type } from 'typebox';
import { assetsRoutes } from './modules/assets/assets.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { alertsRoutes } from './modules/events/alerts/alerts.routes.ts';
import { ingestRoutes } from './modules/events/ingest/ingest.routes.ts';
import { intelRoutes } from './modules/events/intel/intel.routes.ts';
import { rawEventsRoutes } from './modules/events/raw/raw.routes.ts';
import { rulesRoutes } from './modules/events/rules/rules.routes.ts';
import { sourcesRoutes } from './modules/events/sources/sources.routes.ts';
import { findingsRoutes } from './modules/findings/findings.routes.ts';
import { intakePublicRoutes, intakeRoutes } from './modules/intake/intake.routes.ts';
import { intakeEvidenceRoutes } from './modules/intake/intake-evidence.routes.ts';
import { open311Routes } from './modules/intake/open311.routes.ts';
import { publicPageRoutes } from './modules/intake/public-page.routes.ts';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes.ts';
import { noticeDashboardRoutes } from './modules/notices/dashboard/dashboard.routes.ts';
import { noticeDocumentsRoutes } from './modules/notices/documents/documents.routes.ts';
import { noticeAttachmentsRoutes } from './modules/notices/notice-attachments.routes.ts';
import { noticePolicyRoutes } from './modules/notices/notice-policy.routes.ts';
import { noticesRoutes } from './modules/notices/notices.routes.ts';
import { escalationRoutes } from './modules/notices/sweep/escalation.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { savedViewsRoutes } from './modules/saved-views/saved-views.routes.ts';
import { tokensRoutes } from './modules/tokens/tokens.routes.ts';
import { topicsRoutes } from './modules/topics/topics.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import type { App } from './platform/http/app.ts';
import type { Services } from './services.ts';

/** Mounts every module's routes. Each route declares its access rule (see the authorization matrix test). */
export async function registerRoutes(app: App, services: Services): Promise<void> {
  app.get(
    '/api/v1/health',
    {
      config: { access: { kind: 'public' } },
      schema: {
        tags: ['system'],
        response: { 200: Type.Object({ status: Type.String(), database: Type.String() }) },
      },
    },
    async () => ({ status: 'ok', database: services.database.dialect }),
  );
  await orgRoutes(app, services.org);
  await assetsRoutes(app, services.assets, services.config.uploadMaxBytes);
  await calendarRoutes(app, services.calendar);
  await authRoutes(app, services.auth, services.config);
  await usersRoutes(app, services.users);
  await auditRoutes(app, services.audit);
  await tokensRoutes(app, services.tokens, () => services.clock.now());
  await escalationRoutes(app, services.noticeEscalation);
  await notificationsRoutes(app, services.notifications);
  await noticePolicyRoutes(app, services.notices);
  await noticesRoutes(app, services.notices);
  await noticeAttachmentsRoutes(app, services.notices, services.config.uploadMaxBytes);
  await findingsRoutes(app, services.findings, services.notices);
  await savedViewsRoutes(app, services.savedViews);
  await noticeDocumentsRoutes(app, services.noticeDocuments);
  await noticeDashboardRoutes(app, services.noticeDashboard);
  await monitoringRoutes(app, services.monitoring);
  await intakePublicRoutes(app, services.intakePublic);
  await intakeRoutes(app, services.intake);
  await rulesRoutes(app, services.rules, services.config.uploadMaxBytes);
  await intelRoutes(app, services.intel, services.indicatorDetector, services.config.uploadMaxBytes);
  await alertsRoutes(app, services.alerts, () => services.clock.now());
  await sourcesRoutes(app, services.eventSources);
  await rawEventsRoutes(app, services.rawEvents);
  await ingestRoutes(app, services.ingest, services.config.ingest.httpMaxBytes);
  await intakeEvidenceRoutes(app, services.intakePublic, services.intakeEvidence);
  await open311Routes(app, services.open311, services.tokens.resolver);
  await publicPageRoutes(app, services.config.webDistDir);
  await topicsRoutes(app, services.topics, services.config.uploadMaxBytes);
}
