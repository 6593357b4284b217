import type { QueryOf, RequestOf, ResponseOf } from '../../../api/types.ts';

type ItemOf<T> = T extends { items: (infer I)[] } ? I : never;

export type Feed = ItemOf<ResponseOf<'/api/v1/events/intel/feeds', 'get'>>;
export type FeedList = ResponseOf<'/api/v1/events/intel/feeds', 'get'>;
export type FeedInput = RequestOf<'/api/v1/events/intel/feeds', 'post'>;
export type ImportResult = NonNullable<Feed['lastResult']>;
export type UploadResult = ResponseOf<'/api/v1/events/intel/feeds/{id}/upload', 'post'>;
export type Indicator = ItemOf<ResponseOf<'/api/v1/events/intel/indicators', 'get'>>;
export type IndicatorQuery = QueryOf<'/api/v1/events/intel/indicators', 'get'>;
export type IndicatorDetail = ResponseOf<'/api/v1/events/intel/indicators/{id}', 'get'>;
