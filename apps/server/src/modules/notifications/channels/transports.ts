import type { ChannelConfig, ChannelKind } from './channel-config.ts';
import { sendEmail } from './email.ts';
import type { OutgoingMessage } from './outgoing.ts';
import { sendDingtalk, sendFeishu, sendWecom } from './robots.ts';
import { sendWebhook } from './webhook.ts';

/** Sends one message through one configured channel; throws on any failure (the sender retries). */
export type Transport = (config: ChannelConfig, message: OutgoingMessage, now: Date) => Promise<void>;

export const channelTransports: Record<ChannelKind, Transport> = {
  email: (config, message) => sendEmail(config, message),
  wecom: (config, message) => sendWecom(config, message),
  dingtalk: sendDingtalk,
  feishu: sendFeishu,
  webhook: sendWebhook,
};
