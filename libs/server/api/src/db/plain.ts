import type { Model } from 'sequelize';

type Plain = Record<string, unknown>;

/** Dates become ISO strings so what a repository returns is exactly what the API sends. */
export function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  }
  return value;
}

/** A model instance as a plain object (associations included), never a live Sequelize row. */
export function toPlain<T = Plain>(row: Model | null): T | undefined {
  if (!row) return undefined;
  return normalise(row.get({ plain: true })) as T;
}

export function toPlainList<T = Plain>(rows: Model[]): T[] {
  return rows.map((row) => toPlain<T>(row) as T);
}
