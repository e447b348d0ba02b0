import { FULL_DELIVERY, aggregateFieldPaths, viewTopic } from '@dsm/contracts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatements, producedPaths } from './ksql-shape';

const KSQL_DIR = path.resolve(import.meta.dirname, '../../../../../ksql');
const files = readdirSync(KSQL_DIR).filter((file) => file.endsWith('.sql')).sort();
const statements = files.flatMap((file) => parseStatements(readFileSync(path.join(KSQL_DIR, file), 'utf8'), { topic_prefix: 'dsm' }));
const fullDelivery = statements.find((statement) => statement.name?.toLowerCase() === FULL_DELIVERY.name);

describe('ksql/ statements against the FULL_DELIVERY declaration', () => {
  it('are numbered migration files', () => {
    expect(files.length).toBeGreaterThan(0);
    files.forEach((file, index) => expect(file).toMatch(new RegExp(`^${String(index + 1).padStart(3, '0')}-[a-z0-9-]+\\.sql$`)));
  });

  it('write the view to the same topic as the built-in view stage', () => {
    expect(fullDelivery?.kind).toBe('table');
    expect(fullDelivery?.topic).toBe(viewTopic('dsm', FULL_DELIVERY.name));
  });

  it('produce every field of the declaration (and its version), nothing else besides the key', () => {
    const produced = producedPaths(fullDelivery!, statements);
    const expected = [...aggregateFieldPaths(FULL_DELIVERY), 'version'];
    expect(expected.filter((field) => !produced.includes(field))).toEqual([]);
    expect(produced.filter((field) => !expected.includes(field))).toEqual(['delivery_id']);
  });

  it('join only tables, never windowed streams, and keep the latest state with LATEST_BY_OFFSET', () => {
    const joins = statements.filter((statement) => /\bJOIN\b/i.test(statement.text));
    expect(joins.length).toBeGreaterThan(0);
    expect(joins.every((statement) => statement.kind === 'table')).toBe(true);
    expect(statements.some((statement) => /\bWITHIN\b/i.test(statement.text))).toBe(false);
    expect(statements.some((statement) => /LATEST_BY_OFFSET/i.test(statement.text))).toBe(true);
  });
});
