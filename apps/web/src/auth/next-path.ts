/**
 * Where to go after signing in: the `next` query value when it is a path inside this app, else home.
 * Refusing absolute and protocol-relative URLs keeps the login page from being an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/password')) return '/';
  return next;
}
