import type { Cidr } from './ip-policy.ts';

/** Resolves a host name to its addresses; injectable so tests never touch real DNS. */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface FetchTimeouts {
  dns: number;
  connect: number;
  tls: number;
  /** From the request being sent to the response headers. */
  firstByte: number;
  /** The whole fetch, every redirect hop and the body included. */
  total: number;
}

export interface SafeFetchOptions {
  /** Networks allowed besides public unicast addresses (e.g. an office's internal ranges). */
  allowedNetworks?: readonly (Cidr | string)[];
  userAgent?: string;
  /** Extra request headers, e.g. a search-engine Referer. */
  headers?: Record<string, string>;
  timeouts?: Partial<FetchTimeouts>;
  /** Bytes read off the wire (default 5 MB). */
  maxBodyBytes?: number;
  /** Bytes after decompression (default 20 MB): the decompression-bomb guard. */
  maxDecompressedBytes?: number;
  /** 'truncate' (default) keeps what was read up to a cap; 'throw' fails with too_large / decompression_bomb. */
  onLimit?: 'truncate' | 'throw';
  maxRedirects?: number;
  method?: 'GET' | 'HEAD';
  resolver?: Resolver;
  /** Extra TLS client settings for this fetch (the TLS check probes protocol versions with them). */
  tls?: { minVersion?: TlsVersion; maxVersion?: TlsVersion; ciphers?: string };
}

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  subjectAltNames: string[];
  fingerprint256: string;
  serialNumber: string;
  selfSigned: boolean;
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  authorized: boolean;
  authorizationError: string | null;
  peer: CertificateSummary | null;
  /** The certificates the server sent, leaf first (as far as the chain could be followed). */
  chain: CertificateSummary[];
}

export interface FetchTimings {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
  totalMs: number;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

export interface FetchResult {
  requestedUrl: string;
  finalUrl: string;
  redirects: RedirectHop[];
  status: number;
  /** Lower-case header names; repeated headers joined by ", " (set-cookie by "\n"). */
  headers: Record<string, string>;
  /** Decompressed body, capped. */
  body: Buffer;
  bodyTruncated: boolean;
  /** Why the body was cut, when it was. */
  truncation?: { reason: 'max_body_bytes' | 'max_decompressed_bytes'; limit: number };
  /** Bytes received on the wire for the final response body. */
  wireBytes: number;
  contentType: string | null;
  charset: string | null;
  /** Decoded text for textual media types (HTML, XML, JSON, text/*); absent for images and the like. */
  text?: string;
  remoteAddress: string;
  timings: FetchTimings;
  tls?: TlsInfo;
}

export const DEFAULT_TIMEOUTS: FetchTimeouts = {
  dns: 5_000,
  connect: 5_000,
  tls: 5_000,
  firstByte: 10_000,
  total: 20_000,
};
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** What a visitor's browser sends; the monitor must see what citizens see. */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Shouwang-Monitor/1';
/** A search-engine crawler, for the cloaking comparison (spam served only to crawlers). */
export const CRAWLER_USER_AGENT =
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)';
