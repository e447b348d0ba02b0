import { FormArray, FormControl, FormGroup } from '@angular/forms';
import { CustomerInputSchema, DeliveryInputSchema, InvoiceInputSchema } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { changedValues, formToInput, initialValue, zodValidator } from './zod-validators';

describe('zodValidator', () => {
  it('reports the schema message for a value the server would refuse', () => {
    const control = new FormControl('not-an-email', zodValidator(CustomerInputSchema.shape.email));

    expect(control.errors).toEqual({ zod: expect.stringMatching(/email/i) });
  });

  it('treats a blank required field as Required', () => {
    const control = new FormControl('   ', zodValidator(CustomerInputSchema.shape.first_name));

    expect(control.errors).toEqual({ zod: 'Required' });
  });

  it('accepts a blank optional field', () => {
    const control = new FormControl('', zodValidator(CustomerInputSchema.shape.phone));

    expect(control.valid).toBe(true);
  });

  it('accepts a valid value', () => {
    const control = new FormControl('ada@example.com', zodValidator(CustomerInputSchema.shape.email));

    expect(control.valid).toBe(true);
  });
});

describe('formToInput', () => {
  it('turns blank optional text into null and applies the schema transforms', () => {
    const body = formToInput(CustomerInputSchema, {
      organization_id: 1,
      first_name: ' Ada ',
      last_name: 'Lovelace',
      email: 'ada@example.com',
      phone: '',
    });

    expect(body).toEqual({ organization_id: 1, first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: null });
  });

  it('leaves out blanks the schema only allows to be absent, so defaults apply', () => {
    const body = formToInput(InvoiceInputSchema, { order_id: 3, number: 'INV-1', amount: 10, due_date: '2026-12-01', status: null });

    expect(body.status).toBe('issued');
  });

  it('cleans nested objects the same way (delivery details)', () => {
    const details = {
      from_contact_name: 'A', from_address: 'Street 1', from_city: 'Berlin', from_state: '', from_zip: '',
      from_country: 'de', from_phone_number: '', from_instructions: '',
      to_contact_name: 'B', to_address: 'Road 2', to_city: 'Hamburg', to_state: '', to_zip: '',
      to_country: 'de', to_phone_number: '', to_instructions: '',
    };

    const body = formToInput(DeliveryInputSchema, { order_id: 1, delivery_type: 'standard', notes: '', details });

    expect(body.details.from_country).toBe('DE');
    expect(body.details.to_state).toBeNull();
    expect(body.notes).toBeNull();
  });

  it('throws when a required field is missing, as the server would refuse it', () => {
    expect(() => formToInput(CustomerInputSchema, { first_name: 'Ada' })).toThrow();
  });
});

describe('initialValue', () => {
  it('starts a field at its schema default', () => {
    expect(initialValue(DeliveryInputSchema.shape.delivery_type)).toBe('standard');
    expect(initialValue(CustomerInputSchema.shape.email)).toBeNull();
  });
});

describe('changedValues', () => {
  function buildForm() {
    return new FormGroup({
      po: new FormControl('PO-1'),
      notes: new FormControl<string | null>('Ring twice'),
      details: new FormGroup({ from_city: new FormControl('Berlin'), to_city: new FormControl('Hamburg') }),
      items: new FormArray([new FormControl(1), new FormControl(2)]),
    });
  }

  it('keeps only the fields the user changed, nested groups field by field and arrays whole', () => {
    const form = buildForm();
    form.controls.notes.setValue('');
    form.controls.notes.markAsDirty();
    form.controls.details.controls.to_city.setValue('Testville');
    form.controls.details.controls.to_city.markAsDirty();
    form.controls.items.at(1).setValue(5);
    form.controls.items.at(1).markAsDirty();

    expect(changedValues(form)).toEqual({ notes: '', details: { to_city: 'Testville' }, items: [1, 5] });
  });

  it('is empty for an untouched form, even when values were set from the stored record', () => {
    const form = buildForm();
    form.reset({ po: 'PO-2', notes: null, details: { from_city: 'Bonn', to_city: 'Kiel' }, items: [3, 4] });

    expect(changedValues(form)).toEqual({});
  });

  it('gives the raw value of a disabled control the user changed before it was disabled', () => {
    const form = buildForm();
    form.controls.po.setValue('PO-9');
    form.controls.po.markAsDirty();
    form.controls.po.disable();

    expect(changedValues(form)).toEqual({ po: 'PO-9' });
  });
});
