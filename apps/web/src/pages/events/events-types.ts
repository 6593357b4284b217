import type { QueryOf, RequestOf, ResponseOf } from '../../api/types.ts';

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

export type Alert = ItemOf<ResponseOf<'/api/v1/events/alerts', 'get'>>;
export type AlertQuery = QueryOf<'/api/v1/events/alerts', 'get'>;
export type AlertDetail = ResponseOf<'/api/v1/events/alerts/{id}', 'get'>;
export type AlertOverview = ResponseOf<'/api/v1/events/alerts/overview', 'get'>;
export type AlertAction = RequestOf<'/api/v1/events/alerts/bulk', 'post'>['action'];
export type Rule = ItemOf<ResponseOf<'/api/v1/events/rules', 'get'>>;
export type RuleDetail = ResponseOf<'/api/v1/events/rules/{id}', 'get'>;
export type RuleQuery = QueryOf<'/api/v1/events/rules', 'get'>;
export type RuleTestResult = ResponseOf<'/api/v1/events/rules/test', 'post'>;
export type ImportResult = ResponseOf<'/api/v1/events/rules/upload', 'post'>;
export type DetectionSettings = ResponseOf<'/api/v1/events/detection-settings', 'get'>;
export type Suppression = ItemOf<ResponseOf<'/api/v1/events/suppressions', 'get'>>;
export type SuppressionQuery = QueryOf<'/api/v1/events/suppressions', 'get'>;
export type SuppressionInput = RequestOf<'/api/v1/events/suppressions', 'post'>;
