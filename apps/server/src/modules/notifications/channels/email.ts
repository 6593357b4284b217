import nodemailer from 'nodemailer';
import type { ChannelConfig } from './channel-config.ts';
import { HTTP_TIMEOUT_MS } from './http.ts';
import type { OutgoingMessage } from './outgoing.ts';

/** Sends one e-mail over the office's SMTP server (the e-mail channel's config). */
export async function sendEmail(config: ChannelConfig, message: OutgoingMessage): Promise<void> {
  if (!config.host || !config.port || !config.from) throw new Error('e-mail channel is not configured');
  if (!message.to) throw new Error('no recipient address');
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: HTTP_TIMEOUT_MS,
    greetingTimeout: HTTP_TIMEOUT_MS,
    socketTimeout: HTTP_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: config.from,
      to: message.to,
      subject: message.title,
      text: message.body,
      headers: { 'X-Shouwang-Event': message.topic, 'X-Shouwang-Delivery': String(message.deliveryId) },
    });
  } finally {
    transport.close();
  }
}
