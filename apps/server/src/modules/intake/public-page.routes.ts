import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../platform/http/app.ts';
import { AppError } from '../../platform/http/app-error.ts';

const everyone = { access: { kind: 'public' } } as const;

/**
 * The citizens' page (no account): its own HTML entry of the web build, small and separate from the
 * staff app, at /public/ (the staff app's shell answers every other path).
 */
export async function publicPageRoutes(app: App, webDistDir: string): Promise<void> {
  const file = path.join(webDistDir, 'public.html');
  const handler = async (_req: unknown, reply: import('fastify').FastifyReply) => {
    // Read on each request (1 KB): a rebuilt web app names new asset files.
    let html: Buffer;
    try {
      html = await readFile(file);
    } catch {
      throw AppError.notFound();
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      )
      .send(html);
  };
  app.get('/public', { config: everyone, schema: { hide: true } }, handler);
  app.get('/public/', { config: everyone, schema: { hide: true } }, handler);
}
