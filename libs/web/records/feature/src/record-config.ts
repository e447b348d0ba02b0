import type { Type } from '@angular/core';
import type { RecordsApi } from '@dsm/web/data-access';
import type { z } from 'zod';

/** A select whose options are rows of another collection (e.g. a customer's organization). */
export interface LookupConfig {
  api: Type<RecordsApi<unknown, unknown>>;
  label: (row: Record<string, unknown>) => string;
}

export interface FieldConfig {
  key: string;
  label: string;
  kind: 'text' | 'email' | 'number' | 'date' | 'select' | 'textarea';
  /** Allowed values of an enum field. */
  options?: readonly string[];
  lookup?: LookupConfig;
  /** Fields that cannot change after creation (the API's patch schema omits them). */
  createOnly?: boolean;
  step?: string;
}

export interface ColumnConfig {
  key: string;
  header: string;
  value: (row: Record<string, unknown>) => string;
  /** The list API's sort key, when the column can be sorted. */
  sort?: string;
  chip?: boolean;
}

/**
 * One collection's screens, declared once: the list's columns and the form's fields. The form
 * validates each field with the field's schema from @dsm/contracts, as the server does.
 */
export interface RecordConfig {
  path: string;
  title: string;
  singular: string;
  icon: string;
  api: Type<RecordsApi<unknown, unknown>>;
  columns: ColumnConfig[];
  fields: FieldConfig[];
  createSchema: z.ZodObject;
  patchSchema: z.ZodObject;
}

/** Reads a column value as text whatever its JSON type. */
export function text(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  return value === null || value === undefined ? '' : String(value);
}

export function money(row: Record<string, unknown>, key: string): string {
  const value = Number(row[key]);
  return Number.isFinite(value) ? value.toFixed(2) : '';
}
