import { FormControl, FormGroup } from '@angular/forms';
import type { Problem } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { applyServerErrors, fieldError } from './server-errors';

const problem = (errors: Problem['errors']): Problem => ({ type: 'about:blank', title: 'Bad Request', status: 400, errors });

describe('applyServerErrors', () => {
  it('puts a nested field error on the matching control and marks it touched', () => {
    const form = new FormGroup({ details: new FormGroup({ to_city: new FormControl('x') }) });

    const unmatched = applyServerErrors(form, problem([{ path: 'details.to_city', message: 'Unknown city' }]));

    const control = form.get(['details', 'to_city']);
    expect(unmatched).toEqual([]);
    expect(fieldError(control)).toBe('Unknown city');
    expect(control?.touched).toBe(true);
  });

  it('returns the messages no control matches, for a form-level banner', () => {
    const form = new FormGroup({ po: new FormControl('') });

    const unmatched = applyServerErrors(form, problem([{ path: '(body)', message: 'Unknown field "x"' }]));

    expect(unmatched).toEqual(['Unknown field "x"']);
  });
});

describe('fieldError', () => {
  it('prefers the server message over the schema message', () => {
    const control = new FormControl('');
    control.setErrors({ zod: 'Required', server: 'Already taken' });

    expect(fieldError(control)).toBe('Already taken');
  });

  it('is null for a valid control', () => {
    expect(fieldError(new FormControl('ok'))).toBeNull();
  });
});
