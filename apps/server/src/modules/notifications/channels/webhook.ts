import { createHmac } from 'node:crypto';
import type { ChannelConfig } from './channel-config.ts';
import { postJson } from './http.ts';
import type { OutgoingMessage } from './outgoing.ts';

/** X-Shouwang-Signature: "sha256=" + hex HMAC-SHA256(secret, `${timestamp}.${body}`); timestamp in seconds. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookBody(message: OutgoingMessage): string {
  return JSON.stringify({
    id: message.outboxId,
    topic: message.topic,
    occurredAt: message.occurredAt,
    title: message.title,
    text: message.body,
    notice: message.notice,
    data: message.data,
  });
}

/**
 * Generic webhook: JSON body, signed so the receiver can check origin and freshness. X-Shouwang-Delivery is
 * stable across retries, so a receiver can drop a repeat (delivery is at least once).
 */
export async function sendWebhook(config: ChannelConfig, message: OutgoingMessage, now: Date): Promise<void> {
  if (!config.url || !config.secret) throw new Error('webhook needs a URL and a secret');
  const body = webhookBody(message);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  await postJson(config.url, body, {
    'x-shouwang-event': message.topic,
    'x-shouwang-delivery': String(message.deliveryId),
    'x-shouwang-timestamp': timestamp,
    'x-shouwang-signature': webhookSignature(config.secret, timestamp, body),
  });
}
