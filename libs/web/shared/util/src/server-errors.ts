import type { AbstractControl } from '@angular/forms';
import type { Problem } from '@dsm/contracts';

/**
 * Puts the server's field errors on the matching controls (error key `server`) and marks them
 * touched so Material shows them. Paths are the API's dotted paths (`details.to_city`,
 * `items.0.quantity`). Returns the messages that matched no control, for a form-level banner.
 */
export function applyServerErrors(form: AbstractControl, problem: Problem): string[] {
  const unmatched: string[] = [];
  for (const { path, message } of problem.errors ?? []) {
    const control = findControl(form, path);
    if (control && control !== form) {
      control.setErrors({ ...control.errors, server: message });
      control.markAsTouched();
    } else {
      unmatched.push(path && path !== '(body)' ? `${path}: ${message}` : message);
    }
  }
  return unmatched;
}

function findControl(form: AbstractControl, path: string): AbstractControl | null {
  const segments = path.split(/[./]/).filter((segment) => segment !== '');
  return segments.length === 0 ? null : form.get(segments);
}

/** The message to show under a field: the server's, else the schema's, else a required hint. */
export function fieldError(control: AbstractControl | null): string | null {
  const errors = control?.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return errors['server'];
  if (typeof errors['zod'] === 'string') return errors['zod'];
  if (errors['required']) return 'Required';
  return 'Invalid value';
}
