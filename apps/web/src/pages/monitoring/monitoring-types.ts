import type { QueryOf, RequestOf, ResponseOf } from '../../api/types.ts';

// Resource types are read off the generated API paths (scripts/gen-api.ts), never written by hand.
export type MonitoringSummary = ResponseOf<'/api/v1/monitoring/summary', 'get'>;
export type SitesPage = ResponseOf<'/api/v1/monitoring/sites', 'get'>;
export type MonitoredSite = SitesPage['items'][number];
export type SitesQuery = QueryOf<'/api/v1/monitoring/sites', 'get'>;
export type MonitorStatus = MonitoredSite['status'];
export type SiteDetail = ResponseOf<'/api/v1/monitoring/sites/{monitorId}', 'get'>;
export type SiteFinding = SiteDetail['openFindings'][number];
export type SiteOutage = SiteDetail['outages'][number];
export type SiteBaseline = SiteDetail['baselines'][number];
export type SiteRender = SiteDetail['renders'][number];
export type RenderingStatus = ResponseOf<'/api/v1/monitoring/rendering', 'get'>;
export type SiteRuns = ResponseOf<'/api/v1/monitoring/sites/{monitorId}/runs', 'get'>;
export type BaselineDiff = ResponseOf<'/api/v1/monitoring/sites/{monitorId}/baselines/diff', 'get'>;
export type ConfigureInput = RequestOf<'/api/v1/monitoring/assets/{assetId}', 'put'>;
export type BulkResult = ResponseOf<'/api/v1/monitoring/bulk', 'post'>;
export type SeverityPolicy = ResponseOf<'/api/v1/monitoring/severity-policy', 'get'>;
export type SeverityPolicyInput = RequestOf<'/api/v1/monitoring/severity-policy', 'put'>;
