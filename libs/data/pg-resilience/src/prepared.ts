import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

/**
 * A query each connection parses and plans once (a named prepared statement), for the statements
 * a hot path runs thousands of times: planning a large statement can cost more than running it.
 * The name comes from the text, so one text is one statement on every connection of every pool;
 * PostgreSQL re-plans it by itself when a table it uses changes.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `dsm_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
