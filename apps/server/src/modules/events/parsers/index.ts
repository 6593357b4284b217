// Public surface of the event parsers (see README.md).
export { type BulkFormat, type DecodedRecord, type DecodeOptions, decodeRecords } from './bulk-records.ts';
export { createParser, type EventParser, MAX_RECORD_LENGTH, type ParserOptions } from './create-parser.ts';
export { PARSED_EVENT_FIELD_FALLBACKS, PARSED_EVENT_FIELD_MAPPINGS } from './sigma-routing.ts';
export { type DecodedFrame, type FrameDecoderOptions, SyslogFrameDecoder } from './syslog-framing.ts';
export { DEFAULT_TIMEZONE, isValidTimeZone } from './timezone.ts';
