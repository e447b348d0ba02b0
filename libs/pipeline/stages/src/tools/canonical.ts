import { createHash } from 'node:crypto';

/**
 * JSON with sorted keys, so two documents compare by content, not by key order (PostgreSQL's
 * json keeps the view's order, jsonb its own). Verify runs it on every document of both sides:
 * one pass with plain loops and string appends, no intermediate arrays per object.
 */
export function canonicalJson(value: unknown, skipKey?: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || key === skipKey) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/** Fingerprint of a document's content; `version` is metadata, not content. */
export function contentHash(document: Record<string, unknown>): string {
  return createHash('sha1').update(canonicalJson(document, 'version')).digest('base64');
}
