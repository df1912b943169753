/**
 * A user's search term as a literal inside a PostgreSQL LIKE/ILIKE pattern: `\`, `%` and `_` are
 * escaped with PostgreSQL's default escape character (backslash), so "100%" finds "100%" and not
 * every value starting with 100. Prisma's `contains`/`startsWith`/`endsWith` compile to LIKE without
 * escaping (prisma/prisma#19506), so every user term goes through here, raw SQL and Prisma alike.
 */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%term%` for raw SQL (LIKE / ILIKE), with the term taken literally. */
export const containsPattern = (term: string) => `%${escapeLike(term)}%`;

/** `term%` for raw SQL (LIKE / ILIKE), with the term taken literally. */
export const prefixPattern = (term: string) => `${escapeLike(term)}%`;
