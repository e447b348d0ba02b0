import { type AbstractControl, FormGroup, type ValidationErrors, type ValidatorFn } from '@angular/forms';
import type { z } from 'zod';

/**
 * A form-control validator backed by a zod schema, so the browser checks a field with exactly the
 * rule the server applies. The error key is `zod`, its value the schema's first message. A blank
 * control is "not given": valid when the field is optional, `Required` otherwise.
 */
export function zodValidator(schema: z.ZodType): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = blankToNull(control.value);
    if (value === null) return acceptsBlank(schema) ? null : { zod: 'Required' };
    const result = schema.safeParse(value);
    return result.success ? null : { zod: result.error.issues[0]?.message ?? 'Invalid value' };
  };
}

/** Validators for every field of an object schema, keyed like the schema's shape. */
export function zodValidators<S extends z.ZodObject>(schema: S): Record<keyof S['shape'], ValidatorFn> {
  const entries = Object.entries(schema.shape).map(([key, field]) => [key, zodValidator(field as z.ZodType)]);
  return Object.fromEntries(entries) as Record<keyof S['shape'], ValidatorFn>;
}

/** The value a new form starts with: the schema's default, else blank. */
export function initialValue(schema: z.ZodType | undefined): unknown {
  const result = schema?.safeParse(undefined);
  return result?.success && result.data !== undefined ? result.data : null;
}

/**
 * A form's raw value as the request body: blanks become null where the schema allows null and
 * are left out where it only allows absence, then the schema parses (trims, upper-cases, fills
 * defaults). Throws a ZodError when the value does not fit, as the server would.
 */
export function formToInput<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): z.output<S> {
  return schema.parse(cleanObject(schema, raw));
}

/**
 * Only what the user changed (nested groups likewise; an array is sent whole), so a save never
 * rewrites a field someone else changed meanwhile. Feed the result to `formToInput` with a patch
 * schema.
 */
export function changedValues(group: FormGroup): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [key, control] of Object.entries(group.controls as Record<string, AbstractControl>)) {
    if (!control.dirty) continue;
    changed[key] = control instanceof FormGroup ? changedValues(control) : control.getRawValue();
  }
  return changed;
}

function cleanObject(schema: z.ZodObject, raw: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = schema.shape[key] as z.ZodType | undefined;
    const cleaned = blankToNull(value);
    if (cleaned === null && field && !field.safeParse(null).success) continue;
    body[key] = nested(field, cleaned);
  }
  return body;
}

/** Nested objects (delivery details) and arrays of objects (order items) are cleaned the same way. */
function nested(field: z.ZodType | undefined, value: unknown): unknown {
  const inner = unwrap(field);
  if (inner?.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    return cleanObject(inner as z.ZodObject, value as Record<string, unknown>);
  }
  if (inner?.type === 'array' && Array.isArray(value)) {
    const element = (inner as z.ZodArray<z.ZodType>).element;
    return value.map((item) => nested(element, item));
  }
  return value;
}

function unwrap(field: z.ZodType | undefined): z.ZodType | undefined {
  let current = field;
  while (current && 'unwrap' in current && typeof current.unwrap === 'function' && current.type !== 'array') {
    current = (current as z.ZodOptional<z.ZodType>).unwrap();
  }
  return current;
}

function acceptsBlank(schema: z.ZodType): boolean {
  return schema.safeParse(null).success || schema.safeParse(undefined).success;
}

/**
 * Empty inputs mean "no value": blank strings become null. Recurses into form-group values and
 * arrays.
 */
export function blankToNull<T>(value: T): T {
  if (typeof value === 'string') return (value.trim() === '' ? null : value) as T;
  if (Array.isArray(value)) return value.map((item) => blankToNull(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, blankToNull(item)])) as T;
  }
  return value;
}
