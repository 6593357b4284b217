import type { Migration, MigrationProvider } from 'kysely/migration';
import * as core from './2026-11-21T0900-core.ts';
import * as calendar from './2026-11-21T1000-calendar.ts';
import * as assetIndexes from './2026-11-21T1100-asset-indexes.ts';
import * as notices from './2026-11-21T1200-notices.ts';
import * as notificationTargets from './2026-11-21T1310-notification-targets.ts';
import * as noticeSweep from './2026-11-21T1330-notice-sweep.ts';
import * as noticeDashboard from './2026-11-21T1400-notice-dashboard.ts';
import * as monitoring from './2026-11-21T1500-monitoring.ts';
import * as noticeListOrder from './2026-11-21T1510-notice-list-order.ts';
import * as pathCollation from './2026-11-21T1600-path-collation.ts';
import * as intake from './2026-11-21T1710-intake.ts';
import * as noticeDailyStats from './2026-11-21T1720-notice-daily-stats.ts';
import * as noticeDailyStatsCover from './2026-11-21T1730-notice-daily-stats-cover.ts';
import * as eventsSources from './2026-11-22T0100-events-sources.ts';
import * as intel from './2026-11-22T0200-intel.ts';
import * as alerts from './2026-11-22T0300-alerts.ts';
import * as intakeWorkflow from './2026-11-22T0400-intake-workflow.ts';
import * as intakeDashboardIndexes from './2026-11-22T0410-intake-dashboard-indexes.ts';
import * as intakeFiles from './2026-11-22T0500-intake-files.ts';
import * as intakeOpen311 from './2026-11-22T0500-intake-open311.ts';
import * as topics from './2026-11-22T0600-topics.ts';
import * as noticeListCounts from './2026-11-22T0700-notice-list-counts.ts';
import * as intakeFileSniffedType from './2026-11-23T1410-intake-file-sniffed-type.ts';
import * as alertsGroupKey from './2026-11-23T1520-alerts-group-key.ts';
import * as monitorRenders from './2026-11-23T1630-monitor-renders.ts';
import * as intakeDailyStats from './2026-11-23T1745-intake-daily-stats.ts';
import * as intakeCategoryIndex from './2026-11-23T1830-intake-category-index.ts';
import * as ingestDetectorState from './2026-11-23T1900-ingest-detector-state.ts';
import * as intakeBandKeys from './2026-11-23T2000-intake-band-keys.ts';

/**
 * The one migration set for both dialects, listed explicitly so bundling and type stripping need no
 * directory scan. Append new migrations; never edit one that has landed.
 */
const migrations: Record<string, Migration> = {
  '2026-11-21T0900-core': core,
  '2026-11-21T1000-calendar': calendar,
  '2026-11-21T1100-asset-indexes': assetIndexes,
  '2026-11-21T1200-notices': notices,
  '2026-11-21T1310-notification-targets': notificationTargets,
  '2026-11-21T1330-notice-sweep': noticeSweep,
  '2026-11-21T1400-notice-dashboard': noticeDashboard,
  '2026-11-21T1500-monitoring': monitoring,
  '2026-11-21T1510-notice-list-order': noticeListOrder,
  '2026-11-21T1600-path-collation': pathCollation,
  '2026-11-21T1710-intake': intake,
  '2026-11-21T1720-notice-daily-stats': noticeDailyStats,
  '2026-11-21T1730-notice-daily-stats-cover': noticeDailyStatsCover,
  '2026-11-22T0500-intake-files': intakeFiles,
  '2026-11-22T0500-intake-open311': intakeOpen311,
  '2026-11-22T0700-notice-list-counts': noticeListCounts,
  '2026-11-22T0100-events-sources': eventsSources,
  '2026-11-22T0300-alerts': alerts,
  '2026-11-22T0400-intake-workflow': intakeWorkflow,
  '2026-11-22T0600-topics': topics,
  '2026-11-22T0200-intel': intel,
  '2026-11-22T0410-intake-dashboard-indexes': intakeDashboardIndexes,
  '2026-11-23T1410-intake-file-sniffed-type': intakeFileSniffedType,
  '2026-11-23T1520-alerts-group-key': alertsGroupKey,
  '2026-11-23T1630-monitor-renders': monitorRenders,
  '2026-11-23T1745-intake-daily-stats': intakeDailyStats,
  '2026-11-23T1830-intake-category-index': intakeCategoryIndex,
  '2026-11-23T1900-ingest-detector-state': ingestDetectorState,
  '2026-11-23T2000-intake-band-keys': intakeBandKeys,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
