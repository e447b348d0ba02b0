import { ChangeDetectionStrategy, Component, Injector, computed, effect, inject, input, resource, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ChangeFollower, Notifier, Session, reportErrors } from '@dsm/web/data-access';
import { applyServerErrors, fieldError, formToInput, humanize, initialValue, toProblem, zodValidator } from '@dsm/web/util';
import type { z } from 'zod';
import type { FieldConfig, RecordConfig } from '../record-config';
import { loadLookups } from './lookups';

/** Create or edit one row of any collection; read-only for roles that may not write. */
@Component({
  selector: 'dsm-record-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule],
  templateUrl: './record-form.html',
  styleUrl: './record-form.scss',
})
export class RecordForm {
  readonly record = input.required<RecordConfig>();
  /** The route's `:id`, absent on `new`. */
  readonly id = input<string>();

  private readonly injector = inject(Injector);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);
  private readonly savingState = signal(false);
  private readonly formErrorsState = signal<string[]>([]);

  protected readonly canWrite = inject(Session).canWrite;
  protected readonly saving = this.savingState.asReadonly();
  protected readonly formErrors = this.formErrorsState.asReadonly();
  protected readonly fieldError = fieldError;
  protected readonly humanize = humanize;
  protected readonly editing = computed(() => this.id() !== undefined && this.id() !== 'new');
  protected readonly fields = computed(() => this.record().fields.filter((field) => !(this.editing() && field.createOnly)));
  protected readonly form = computed(() => buildForm(this.fields(), this.record().createSchema));
  protected readonly lookups = loadLookups(this.record, this.injector);
  protected readonly existing = resource({
    params: () => (this.editing() ? { record: this.record(), id: Number(this.id()) } : undefined),
    loader: ({ params }) => this.injector.get(params.record.api).get(params.id) as Promise<Record<string, unknown>>,
  });

  constructor() {
    reportErrors(this.existing);
    effect(() => {
      const form = this.form();
      if (this.existing.hasValue()) form.patchValue(this.existing.value());
      if (!this.canWrite()) form.disable();
    });
  }

  protected async save(): Promise<void> {
    const form = this.form();
    form.markAllAsTouched();
    if (form.invalid || this.savingState()) return;
    const config = this.record();
    const schema = this.editing() ? config.patchSchema : config.createSchema;
    const body = formToInput(schema, form.getRawValue());
    this.savingState.set(true);
    this.formErrorsState.set([]);
    try {
      const api = this.injector.get(config.api);
      const result = this.editing() ? await api.update(Number(this.id()), body) : await api.create(body);
      this.follower.follow(result.txId, `${config.singular} saved`);
      this.notifier.info(`${config.singular} saved`);
      await this.router.navigate(['/', config.path]);
    } catch (error) {
      this.formErrorsState.set(applyServerErrors(form, toProblem(error)));
    } finally {
      this.savingState.set(false);
    }
  }
}

function buildForm(fields: FieldConfig[], schema: z.ZodObject): FormGroup<Record<string, FormControl<unknown>>> {
  const controls = fields.map((field) => {
    const fieldSchema = schema.shape[field.key] as z.ZodType | undefined;
    return [field.key, new FormControl<unknown>(initialValue(fieldSchema), fieldSchema ? zodValidator(fieldSchema) : null)] as const;
  });
  return new FormGroup(Object.fromEntries(controls));
}
