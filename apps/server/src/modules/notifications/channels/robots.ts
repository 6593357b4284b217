import { createHmac } from 'node:crypto';
import type { ChannelConfig } from './channel-config.ts';
import { parseJsonAnswer, postJson } from './http.ts';
import type { OutgoingMessage } from './outgoing.ts';

function requireUrl(config: ChannelConfig): string {
  if (!config.url) throw new Error('channel has no URL');
  return config.url;
}

/** WeCom (企业微信) group robot: markdown message; errcode != 0 is a failure. */
export async function sendWecom(config: ChannelConfig, message: OutgoingMessage): Promise<void> {
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { content: `**${message.title}**\n${message.body}` },
  });
  const answer = parseJsonAnswer((await postJson(requireUrl(config), body)).text);
  if (answer.errcode !== 0)
    throw new Error(`WeCom errcode ${String(answer.errcode)}: ${String(answer.errmsg)}`);
}

/**
 * DingTalk (钉钉) robot signing: sign = Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), the
 * timestamp in milliseconds, both added to the URL's query.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

export async function sendDingtalk(
  config: ChannelConfig,
  message: OutgoingMessage,
  now: Date,
): Promise<void> {
  const url = new URL(requireUrl(config));
  if (config.secret) {
    const timestamp = now.getTime();
    url.searchParams.set('timestamp', String(timestamp));
    url.searchParams.set('sign', dingtalkSign(config.secret, timestamp));
  }
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: {
      title: message.title,
      text: `#### ${message.title}\n\n${message.body.replace(/\n/g, '\n\n')}`,
    },
  });
  const answer = parseJsonAnswer((await postJson(url.toString(), body)).text);
  if (answer.errcode !== 0) {
    throw new Error(`DingTalk errcode ${String(answer.errcode)}: ${String(answer.errmsg)}`);
  }
}

/**
 * Feishu/Lark (飞书) robot signing: sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, empty
 * message)), the timestamp in seconds; both go in the JSON body.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export async function sendFeishu(config: ChannelConfig, message: OutgoingMessage, now: Date): Promise<void> {
  const payload: Record<string, unknown> = {
    msg_type: 'text',
    content: { text: `${message.title}\n${message.body}` },
  };
  if (config.secret) {
    const timestamp = Math.floor(now.getTime() / 1000);
    payload.timestamp = String(timestamp);
    payload.sign = feishuSign(config.secret, timestamp);
  }
  const answer = parseJsonAnswer((await postJson(requireUrl(config), JSON.stringify(payload))).text);
  // Current API answers {code, msg}; older robots answered {StatusCode, StatusMessage}.
  const code = answer.code ?? answer.StatusCode;
  if (code !== 0)
    throw new Error(`Feishu code ${String(code)}: ${String(answer.msg ?? answer.StatusMessage)}`);
}
