// Field mappings that ship with the engine: Sigma's field names -> where our normalised (ECS-like)
// events keep them. Each list is tried in order, the Sigma name itself first, so events carrying the
// original field names (a W3C log, a Sysmon export) match as well.
import type { FieldMappings } from './sigma-types.ts';

/** Web server rules (SigmaHQ `category: webserver` uses W3C names) over ECS-named access log events. */
export const WEB_ECS_FIELD_MAPPINGS: FieldMappings = {
  'cs-method': ['cs-method', 'http.request.method'],
  'cs-uri-stem': ['cs-uri-stem', 'url.path'],
  'cs-uri-query': ['cs-uri-query', 'url.query'],
  'cs-uri': ['cs-uri', 'url.original', 'url.path'],
  'c-uri': ['c-uri', 'url.original', 'url.full'],
  'c-useragent': ['c-useragent', 'user_agent.original'],
  'cs-user-agent': ['cs-user-agent', 'user_agent.original'],
  'sc-status': ['sc-status', 'http.response.status_code'],
  'c-ip': ['c-ip', 'source.ip'],
  'cs-host': ['cs-host', 'url.domain', 'host.name'],
  'cs-referer': ['cs-referer', 'http.request.referrer'],
  'cs-cookie': ['cs-cookie', 'http.request.cookie'],
};

/** Windows rules over Winlogbeat events (event data under winlog.event_data) or ECS process fields. */
export const WINDOWS_ECS_FIELD_MAPPINGS: FieldMappings = {
  Image: ['Image', 'winlog.event_data.Image', 'process.executable'],
  CommandLine: ['CommandLine', 'winlog.event_data.CommandLine', 'process.command_line'],
  ParentImage: ['ParentImage', 'winlog.event_data.ParentImage', 'process.parent.executable'],
  ParentCommandLine: [
    'ParentCommandLine',
    'winlog.event_data.ParentCommandLine',
    'process.parent.command_line',
  ],
  OriginalFileName: [
    'OriginalFileName',
    'winlog.event_data.OriginalFileName',
    'process.pe.original_file_name',
  ],
  User: ['User', 'winlog.event_data.User', 'user.name'],
  EventID: ['EventID', 'winlog.event_id', 'event.code'],
  TargetObject: ['TargetObject', 'winlog.event_data.TargetObject', 'registry.path'],
  DestinationIp: ['DestinationIp', 'winlog.event_data.DestinationIp', 'destination.ip'],
  DestinationPort: ['DestinationPort', 'winlog.event_data.DestinationPort', 'destination.port'],
  SourceIp: ['SourceIp', 'winlog.event_data.SourceIp', 'source.ip'],
};
