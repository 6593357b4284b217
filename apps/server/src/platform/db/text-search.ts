import { type SqlBool, sql } from 'kysely';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Case-insensitive "column contains text", with the user's % and _ taken literally. ESCAPE is explicit
 * because SQLite has no default escape character; lower() keeps both dialects case-insensitive alike.
 */
export function containsText(column: string, text: string) {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${`%${escapeLike(text.toLowerCase())}%`} escape '\\'`;
}
