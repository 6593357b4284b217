import type { RequestOf, ResponseOf } from '../../api/types.ts';

// Read off the generated OpenAPI paths (src/api/schema.d.ts), never written by hand.
type ElementOf<T> = T extends (infer I)[] ? I : never;

export type EscalationSettingsValue = ResponseOf<'/api/v1/notices/escalation', 'get'>;
export type NotificationChannelRow = ElementOf<ResponseOf<'/api/v1/notification-channels', 'get'>>;
export type NotificationChannelInput = RequestOf<'/api/v1/notification-channels', 'post'>;
export type NotificationPref = ElementOf<ResponseOf<'/api/v1/me/notification-prefs', 'get'>>;
export type InboxMessage = ResponseOf<'/api/v1/inbox', 'get'> extends { items: (infer I)[] } ? I : never;
