import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.ts';

describe('request log redaction', () => {
  it('hides a case query code and the second factor, keeps everything else', () => {
    expect(redactUrl('/api/v1/public/cases/AB12CD34EF?phoneLast4=1234&lang=en-US')).toBe(
      '/api/v1/public/cases/***?phoneLast4=***&lang=en-US',
    );
    expect(redactUrl('/api/v1/public/cases/AB12CD34EF/rating')).toBe('/api/v1/public/cases/***/rating');
    expect(redactUrl('/open311/v2/requests.json?api_key=sw_secret&status=open')).toBe(
      '/open311/v2/requests.json?api_key=***&status=open',
    );
    expect(redactUrl('/open311/v2/tokens/abc123.json')).toBe('/open311/v2/tokens/***.json');
    expect(redactUrl('/api/v1/notices?state=issued&page=2')).toBe('/api/v1/notices?state=issued&page=2');
    expect(redactUrl('/x?%E0%A4%A=1&phone%4Cast4=2')).toBe('/x?%E0%A4%A=1&phone%4Cast4=***');
  });
});
