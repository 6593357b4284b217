import type { QueryOf, RequestOf, ResponseOf } from '../../api/types.ts';

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

export type TopicBoard = ResponseOf<'/api/v1/topics/board', 'get'>;
export type TopicSummary = ItemOf<ResponseOf<'/api/v1/topics', 'get'>>;
export type TopicsQuery = QueryOf<'/api/v1/topics', 'get'>;
export type TopicDetail = ResponseOf<'/api/v1/topics/{id}', 'get'>;
export type TopicItem = ItemOf<ResponseOf<'/api/v1/topics/{id}/items', 'get'>>;
export type TopicAlert = ItemOf<ResponseOf<'/api/v1/topic-alerts', 'get'>>;
export type AssessInput = RequestOf<'/api/v1/topics/{id}/assessments', 'post'>;
export type ResponseInput = RequestOf<'/api/v1/topics/{id}/responses', 'post'>;
export type TopicFeed = ItemOf<ResponseOf<'/api/v1/topic-feeds', 'get'>>;
export type FeedInput = RequestOf<'/api/v1/topic-feeds', 'post'>;
export type FeedsQuery = QueryOf<'/api/v1/topic-feeds', 'get'>;
export type ImportPreview = ResponseOf<'/api/v1/topic-import', 'post'>;
export type RiskAssessment = ItemOf<ResponseOf<'/api/v1/topic-risk-assessments', 'get'>>;
export type RiskInput = RequestOf<'/api/v1/topic-risk-assessments', 'post'>;
export type RiskQuery = QueryOf<'/api/v1/topic-risk-assessments', 'get'>;
export type RiskChecklist = ResponseOf<'/api/v1/topic-risk-assessments/checklist', 'get'>;
export type TopicState = TopicSummary['state'];
