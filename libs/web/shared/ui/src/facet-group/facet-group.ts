import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { humanize } from '@dsm/web/util';

export interface FacetOption {
  value: string;
  count: number;
}

/** One facet (e.g. status) as checkboxes with counts; checking one narrows the search. */
@Component({
  selector: 'dsm-facet-group',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCheckboxModule],
  template: `
    <fieldset class="facet">
      <legend>{{ label() }}</legend>
      @for (option of options(); track option.value) {
        <mat-checkbox
          [checked]="option.value === selected()"
          (change)="toggled.emit(option.value === selected() ? null : option.value)"
          [attr.data-testid]="'facet-' + name() + '-' + option.value"
        >
          {{ humanize(option.value) }} <span class="count">({{ option.count }})</span>
        </mat-checkbox>
      } @empty {
        <p class="none">None</p>
      }
    </fieldset>
  `,
  styles: `
    .facet { border: 0; margin: 0 0 12px; padding: 0; display: flex; flex-direction: column; }
    legend { font: var(--mat-sys-title-small); margin-bottom: 4px; }
    .count { color: var(--mat-sys-on-surface-variant); }
    .none { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class FacetGroup {
  readonly name = input.required<string>();
  readonly label = input.required<string>();
  readonly options = input.required<readonly FacetOption[]>();
  readonly selected = input<string | null | undefined>(null);
  /** The newly selected value, or null when the selection was cleared. */
  readonly toggled = output<string | null>();

  protected readonly humanize = humanize;
}
