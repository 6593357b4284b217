// How the Sigma engine should read events produced by these parsers: the shipped field mappings
// (SigmaHQ's W3C web and Sysmon names -> ECS), DNS, plus fallbacks to the source's own field names, so a
// rule may use either (`TargetFilename` in `winlog.event_data`, FortiGate's `cfgpath` in `original`).
import { WEB_ECS_FIELD_MAPPINGS, WINDOWS_ECS_FIELD_MAPPINGS } from '../sigma/sigma-field-mappings.ts';
import type { FieldMappings } from '../sigma/sigma-types.ts';

/** SigmaHQ `category: dns` rules name the query `query`. */
export const DNS_ECS_FIELD_MAPPINGS: FieldMappings = {
  query: ['query', 'dns.question.name'],
  QueryName: ['QueryName', 'winlog.event_data.QueryName', 'dns.question.name'],
};

/** Every mapping parsed events need, for `createSigmaEngine({ fieldMappings })`. */
export const PARSED_EVENT_FIELD_MAPPINGS: FieldMappings = {
  ...WEB_ECS_FIELD_MAPPINGS,
  ...WINDOWS_ECS_FIELD_MAPPINGS,
  ...DNS_ECS_FIELD_MAPPINGS,
};

/** For `createSigmaEngine({ fieldFallbacks })`: Windows event data first, then the source's own fields. */
export const PARSED_EVENT_FIELD_FALLBACKS: readonly string[] = ['winlog.event_data.', 'original.'];
