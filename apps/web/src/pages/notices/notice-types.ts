import type { QueryOf, RequestOf, ResponseOf } from '../../api/types.ts';

// Read off the generated OpenAPI paths (src/api/schema.d.ts), never written by hand.
type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;
type ElementOf<T> = T extends (infer I)[] ? I : never;

export type NoticeSummary = ItemOf<ResponseOf<'/api/v1/notices', 'get'>>;
export type NoticeQuery = QueryOf<'/api/v1/notices', 'get'>;
export type NoticeDetail = ResponseOf<'/api/v1/notices/{id}', 'get'>;
export type NoticeInput = RequestOf<'/api/v1/notices', 'post'>;
export type NoticeTransition = RequestOf<'/api/v1/notices/{id}/transitions', 'post'>;
export type NoticeTimelineEntry = ElementOf<NoticeDetail['timeline']>;
export type NoticeAttachment = ElementOf<NoticeDetail['attachments']>;
export type NoticeFinding = ElementOf<NoticeDetail['findings']>;
export type BulkResults = ResponseOf<'/api/v1/notices/bulk', 'post'>;
export type NoticeDashboard = ResponseOf<'/api/v1/notices/dashboard', 'get'>;
export type NoticePolicy = ResponseOf<'/api/v1/notices/policy', 'get'>;
export type SavedView = ElementOf<ResponseOf<'/api/v1/saved-views', 'get'>>;
export type Finding = ItemOf<ResponseOf<'/api/v1/findings', 'get'>>;
export type FindingQuery = QueryOf<'/api/v1/findings', 'get'>;
