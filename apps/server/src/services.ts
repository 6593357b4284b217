import type { Config } from './config/config.ts';
import { createAssetService } from './modules/assets/assets.service.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createAuthenticator } from './modules/auth/authenticator.ts';
import { createSessions } from './modules/auth/session.ts';
import { createCalendarService } from './modules/calendar/calendar.service.ts';
import { createAlertsService } from './modules/events/alerts/alerts.service.ts';
import type { Detector } from './modules/events/event-schema.ts';
import { createIngestService } from './modules/events/ingest/ingest.service.ts';
import { intelImportSender } from './modules/events/intel/intel.jobs.ts';
import { createIntelService } from './modules/events/intel/intel.service.ts';
import { createIndicatorDetector } from './modules/events/intel/intel-detector.ts';
import { createParser } from './modules/events/parsers/index.ts';
import { createRawEventsService } from './modules/events/raw/raw.service.ts';
import { createRulesService } from './modules/events/rules/rules.service.ts';
import { createSigmaDetector } from './modules/events/rules/sigma-detector.ts';
import { createSourcesService } from './modules/events/sources/sources.service.ts';
import { createFindingsService } from './modules/findings/findings.service.ts';
import { createAbuseGuard } from './modules/intake/abuse-guard.ts';
import { createEvidenceStore } from './modules/intake/evidence-store.ts';
import { createIntakeService } from './modules/intake/intake.service.ts';
import { createIntakeEvidenceService } from './modules/intake/intake-evidence.service.ts';
import { createIntakePublicService } from './modules/intake/intake-public.service.ts';
import { createIntakeSweep } from './modules/intake/intake-sweep.ts';
import { createOpen311Service } from './modules/intake/open311.service.ts';
import { renderSender } from './modules/monitoring/monitoring.jobs.ts';
import { createMonitoringService } from './modules/monitoring/monitoring.service.ts';
import { createNoticeDashboardService } from './modules/notices/dashboard/dashboard.service.ts';
import { createNoticeDocumentsService } from './modules/notices/documents/documents.service.ts';
import { createNoticesService } from './modules/notices/notices.service.ts';
import { recomputeProvisionalDeadlines } from './modules/notices/sweep/deadline-recompute.ts';
import { createEscalationService } from './modules/notices/sweep/escalation.service.ts';
import { createNoticeSweep } from './modules/notices/sweep/sweep.service.ts';
import { createNotificationsService } from './modules/notifications/notifications.service.ts';
import { createOrgService } from './modules/org/org.service.ts';
import { createSavedViewsService } from './modules/saved-views/saved-views.service.ts';
import { createTokensService } from './modules/tokens/tokens.service.ts';
import { createTopicsModule } from './modules/topics/topics.module.ts';
import { createUsersService } from './modules/users/users.service.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { systemActor } from './platform/http/actor.ts';
import { createJobQueue } from './platform/jobs/job-queue.ts';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: builds every module's service over one database handle. Modules reach each
 * other only through what is passed in here.
 */
export function createServices(config: Config, database: DatabaseHandle, clock: Clock = systemClock) {
  const { db } = database;
  const sessions = createSessions(db, config, () => clock.now());
  const org = createOrgService(db);
  const calendar = createCalendarService(db, { now: () => clock.now() });
  const now = () => clock.now();
  const assets = createAssetService(db, org, now);
  const auth = createAuthService(db, config, sessions, now);
  const users = createUsersService(db, config, sessions, org, now);
  const tokens = createTokensService(db, now);
  const authenticator = createAuthenticator(sessions, tokens.resolver);
  const notices = createNoticesService({
    db,
    org,
    now,
    calendar: () => calendar.calendar(),
    dataDir: config.dataDir,
  });
  const findings = createFindingsService(db, notices, now);
  const savedViews = createSavedViewsService(db, now);
  // Started by main.ts; services enqueue after their transaction commits.
  const audit = createAuditService(db);
  const noticeDocuments = createNoticeDocumentsService(db, now);
  const noticeDashboard = createNoticeDashboardService(db, now);
  // The notice deadline sweep (reminders, overdue, 督办) and its per-office settings; provisional
  // deadlines are recomputed when a year's holiday schedule is imported.
  const noticeEscalation = createEscalationService(db, now);
  // Citizen cases are swept on the notices' ladder in the same run (reminders, overdue, 督办).
  const intakeSweep = createIntakeSweep(db, { calendar: () => calendar.calendar() });
  const noticeSweep = createNoticeSweep(db, {
    calendar: () => calendar.calendar(),
    now,
    participants: [{ name: 'intake', runOnce: (at) => intakeSweep.runOnce(at) }],
  });
  calendar.onYearChanged(async (year) => {
    await recomputeProvisionalDeadlines(db, await calendar.calendar(), year, now());
  });
  const jobs = createJobQueue(config, database, { runSchedules: config.roles.includes('scheduler') });
  const notifications = createNotificationsService(db, { now });
  // Website monitoring: reaches public addresses plus the networks the office allowed; re-checks on close.
  // The optional rendering pass (SHOUWANG_MONITOR_CHROMIUM) renders suspicious pages as its own jobs.
  const monitoring = createMonitoringService(db, {
    findings,
    notices,
    now,
    options: {
      fetchOptions: { allowedNetworks: config.monitorAllowedNetworks },
      render: config.monitorRender,
      dataDir: config.dataDir,
    },
    enqueueRender: renderSender(jobs),
  });
  // Security events (issue 5): Sigma rules in the database, their detector (recompiled when the rules'
  // version moves), and alerts recorded in the ingest transaction, reported as findings after commit.
  const sigmaDetector = createSigmaDetector(db);
  const rules = createRulesService(db, now, () => sigmaDetector.refresh());
  const alerts = createAlertsService({ db, findings, now });
  // Event ingest (issue 5): journal, pipeline and HTTP bulk input here; syslog listeners and file tails in
  // the `ingest` role (main.ts). Every event meets the detectors in order; their detections go to the alert
  // recorder inside the pipeline's checkpoint transaction. DETECTORS: the indicator matcher (intel) joins
  // this list when it lands.
  // Threat intelligence (issue 5): STIX/MISP/CSV feeds by URL (SSRF guard, job layer) or upload; the
  // indicator matcher reloads when the indicators' version moves (main.ts loads it and polls).
  const indicatorDetector = createIndicatorDetector(db, now);
  const intel = createIntelService({
    db,
    now,
    fetchOptions: { allowedNetworks: config.monitorAllowedNetworks },
    enqueueImport: intelImportSender(jobs),
    onChanged: () => void indicatorDetector.refresh().catch(() => {}),
  });
  const eventDetectors: Detector[] = [sigmaDetector, indicatorDetector];
  const ingest = createIngestService({
    db,
    dataDir: config.dataDir,
    config: config.ingest,
    detectors: eventDetectors,
    recorder: alerts.recorder,
    parserFor: createParser,
    reportFinding: (report) => findings.report(systemActor(), report),
    now,
    log: (message, err) => console.error(message, err),
  });
  const eventSources = createSourcesService({
    db,
    tokens,
    now,
    tailDirs: config.ingest.tailDirs,
    onChanged: () => void ingest.directory.refresh().catch(() => {}),
  });
  const rawEvents = createRawEventsService(db);
  // Citizen intake: the public side is throttled in memory per client before any database work.
  const intakeGuard = createAbuseGuard(now);
  // Evidence files (re-encoded, metadata stripped) live under the data dir beside the case rows.
  const intakeEvidenceStore = createEvidenceStore(config.dataDir);
  const intakePublic = createIntakePublicService({
    db,
    now,
    guard: intakeGuard,
    evidence: intakeEvidenceStore,
  });
  const intakeEvidence = createIntakeEvidenceService(db, intakeEvidenceStore);
  // Open311 GeoReport v2 over citizen messages, through the same public path and limits.
  const open311 = createOpen311Service({ db, now, intakePublic });
  const intake = createIntakeService({
    db,
    now,
    guard: intakeGuard,
    org,
    calendar: () => calendar.calendar(),
    notices,
    // The public side keeps the form's settings per process: a change here is seen at once.
    onPublicFormChange: () => intakePublic.invalidateCache(),
  });
  // Hot-topic early warning (issue 7): intake, feeds (through the monitoring SSRF guard) and imports.
  const topics = createTopicsModule({
    db,
    now,
    jobs,
    fetchOptions: { allowedNetworks: config.monitorAllowedNetworks },
  });
  return {
    config,
    database,
    clock,
    sessions,
    org,
    assets,
    auth,
    users,
    tokens,
    authenticator,
    jobs,
    audit,
    calendar,
    noticeEscalation,
    noticeSweep,
    intakeSweep,
    notifications,
    notices,
    findings,
    savedViews,
    noticeDocuments,
    noticeDashboard,
    monitoring,
    rules,
    sigmaDetector,
    indicatorDetector,
    intel,
    alerts,
    ingest,
    eventSources,
    rawEvents,
    intakeGuard,
    intakePublic,
    intakeEvidence,
    open311,
    intake,
    topics,
  };
}

export type Services = ReturnType<typeof createServices>;
