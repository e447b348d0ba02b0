/** `in_transit` → `In transit`: enum values as people read them. */
export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A person's name from whichever parts are known. */
export function fullName(person: { first_name?: unknown; last_name?: unknown } | null | undefined): string {
  if (!person) return '';
  return [person.first_name, person.last_name].filter((part) => typeof part === 'string' && part).join(' ');
}

/** `2026-11-22T10:30` for an `<input type="datetime-local">`, in local time. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The value of an `<input type="datetime-local">` as an ISO timestamp, or null when blank. */
export function fromLocalInput(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
