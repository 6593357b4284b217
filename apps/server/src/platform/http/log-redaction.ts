import type { FastifyRequest } from 'fastify';

// What a citizen proves a case with (its query code in the path, the phone's last digits or PIN in the
// query) must not land in request logs, where anyone reading the logs could open the case.
const SECRET_PATHS = [/(\/public\/cases\/)[^/?]+/, /(\/open311\/v2\/tokens\/)[^/?.]+/];
const SECRET_PARAMS = new Set(['phoneLast4', 'api_key']);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed escape is logged as sent
  }
}

/** The URL as logged: secret path segments and query values replaced by `***`. */
export function redactUrl(url: string): string {
  let out = url;
  for (const pattern of SECRET_PATHS) out = out.replace(pattern, '$1***');
  const q = out.indexOf('?');
  if (q < 0) return out;
  const params = out
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return SECRET_PARAMS.has(safeDecode(name)) ? `${name}=***` : pair;
    });
  return `${out.slice(0, q)}?${params.join('&')}`;
}

/** Fastify's request log line, with the URL redacted. */
export function logRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
