import { type Locale, NOTIFICATION_TOPICS, type NotificationTopic } from '@shouwang/common';
import type { ErrorDetail } from '../../../platform/http/app-error.ts';
import { fillTemplate, notificationText } from '../messages.ts';

/** Channels an office configures; in-app needs no configuration. */
export const CHANNEL_KINDS = ['email', 'wecom', 'dingtalk', 'feishu', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const GROUP_CHANNEL_KINDS: readonly ChannelKind[] = ['wecom', 'dingtalk', 'feishu', 'webhook'];

/** Stored as JSON in notification_channels.config. Fields a kind does not use are null. */
export interface ChannelConfig {
  /** Robot or webhook URL (robots carry their access token in it, so it is masked like a secret). */
  url: string | null;
  /** DingTalk/Feishu signing secret, or the webhook's HMAC key. */
  secret: string | null;
  host: string | null;
  port: number | null;
  /** SMTP over TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  pass: string | null;
  from: string | null;
  /** Topics a group channel posts; empty means every topic. */
  topics: NotificationTopic[];
}

export type ChannelConfigInput = Partial<{
  url: string | null;
  secret: string | null;
  host: string | null;
  port: number | null;
  secure: boolean;
  user: string | null;
  pass: string | null;
  from: string | null;
  topics: string[];
}>;

/** Secrets are write-only: responses show this instead, and sending it back keeps the stored value. */
export const SECRET_MASK = '********';

const EMAIL_RE = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Channel URLs are entered by office admins, who are trusted to point them at their own robots. We accept
 * only absolute http(s) URLs without credentials and never follow redirects (see http.ts); private
 * addresses stay allowed because on-premises deployments post to intranet gateways.
 */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password && !!u.hostname;
  } catch {
    return false;
  }
}

export function emptyConfig(): ChannelConfig {
  return {
    url: null,
    secret: null,
    host: null,
    port: null,
    secure: false,
    user: null,
    pass: null,
    from: null,
    topics: [],
  };
}

export function parseStoredConfig(json: string): ChannelConfig {
  const raw: unknown = JSON.parse(json);
  return { ...emptyConfig(), ...(raw && typeof raw === 'object' ? raw : {}) };
}

/** Shows the URL's origin and the last four characters of its token, e.g. "https://oapi.dingtalk.com/robot/send?****". */
export function maskUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const parts = u.pathname.split('/');
    const last = parts.pop() ?? '';
    parts.push(last.length > 8 ? `****${last.slice(-4)}` : last);
    return `${u.origin}${parts.join('/')}${u.search ? '?****' : ''}`;
  } catch {
    return SECRET_MASK;
  }
}

/** The config as API responses show it: secrets masked, never returned. */
export function presentConfig(config: ChannelConfig) {
  return {
    ...config,
    url: maskUrl(config.url),
    secret: config.secret ? SECRET_MASK : null,
    pass: config.pass ? SECRET_MASK : null,
  };
}

function keep<T>(input: T | undefined, previous: T | null, mask: T | null): T | null {
  if (input === undefined || (mask !== null && input === mask)) return previous;
  return input === '' ? null : input;
}

/**
 * Validates a channel's configuration for its kind and merges write-only values: a missing or masked
 * secret (or masked URL) keeps the stored one. Throws nothing; returns the problems instead.
 */
export function buildChannelConfig(
  kind: ChannelKind,
  input: ChannelConfigInput,
  previous: ChannelConfig | null,
  locale: Locale,
): { config: ChannelConfig; problems: ErrorDetail[] } {
  const msg = notificationText(locale).validation;
  const prev = previous ?? emptyConfig();
  const problems: ErrorDetail[] = [];
  const config = emptyConfig();
  const topics = input.topics ?? prev.topics;
  for (const t of topics) {
    if (!(NOTIFICATION_TOPICS as readonly string[]).includes(t)) {
      problems.push({ field: 'config.topics', message: fillTemplate(msg.topics_invalid, { value: t }) });
    }
  }
  config.topics = topics.filter((t): t is NotificationTopic =>
    (NOTIFICATION_TOPICS as readonly string[]).includes(t),
  );
  if (kind === 'email') {
    config.host = input.host === undefined ? prev.host : input.host?.trim() || null;
    config.port = input.port === undefined ? prev.port : input.port;
    config.secure = input.secure ?? prev.secure;
    config.user = input.user === undefined ? prev.user : input.user || null;
    config.pass = keep(input.pass, prev.pass, SECRET_MASK);
    config.from = input.from === undefined ? prev.from : input.from?.trim() || null;
    if (!config.host) problems.push({ field: 'config.host', message: msg.host_required });
    if (config.port === null || !Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
      problems.push({ field: 'config.port', message: msg.port_invalid });
    }
    const address = config.from?.match(/<([^>]+)>\s*$/)?.[1] ?? config.from;
    if (!address || !EMAIL_RE.test(address))
      problems.push({ field: 'config.from', message: msg.from_invalid });
    return { config, problems };
  }
  config.url = keep(input.url, prev.url, maskUrl(prev.url));
  config.secret = keep(input.secret, prev.secret, SECRET_MASK);
  if (!config.url) problems.push({ field: 'config.url', message: msg.url_required });
  else if (!isHttpUrl(config.url)) problems.push({ field: 'config.url', message: msg.url_invalid });
  if (kind === 'webhook' && !config.secret) {
    problems.push({ field: 'config.secret', message: msg.secret_required });
  }
  return { config, problems };
}
