import { ChangeDetectionStrategy, Component, Injector, computed, inject, input, resource, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { Session, reportErrors } from '@dsm/web/data-access';
import { EmptyState, StatusChip } from '@dsm/web/ui';
import type { RecordConfig } from '../record-config';

interface ListQuery {
  page: number;
  size: number;
  q: string;
  sort?: string;
}

/** Any collection as a searchable, sortable, paged table; rows open the edit form. */
@Component({
  selector: 'dsm-record-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
    EmptyState,
    StatusChip,
  ],
  templateUrl: './record-list.html',
  styleUrl: './record-list.scss',
})
export class RecordList {
  /** Bound from the route's data. */
  readonly record = input.required<RecordConfig>();

  private readonly injector = inject(Injector);
  private readonly query = signal<ListQuery>({ page: 1, size: 25, q: '' });
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly canWrite = inject(Session).canWrite;
  protected readonly columnKeys = computed(() => this.record().columns.map((column) => column.key));
  protected readonly rows = resource({
    params: () => ({ record: this.record(), query: this.query() }),
    loader: ({ params }) => this.injector.get(params.record.api).list({ ...params.query }),
  });
  protected readonly items = computed(() => (this.rows.hasValue() ? (this.rows.value().items as Record<string, unknown>[]) : []));
  protected readonly total = computed(() => (this.rows.hasValue() ? this.rows.value().total : 0));
  protected readonly page = computed(() => this.query().page - 1);
  protected readonly size = computed(() => this.query().size);

  constructor() {
    reportErrors(this.rows);
  }

  protected search(text: string): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.query.update((query) => ({ ...query, q: text.trim(), page: 1 })), 300);
  }

  protected paginate(event: PageEvent): void {
    this.query.update((query) => ({ ...query, page: event.pageIndex + 1, size: event.pageSize }));
  }

  protected sortBy(sort: Sort): void {
    const column = this.record().columns.find((item) => item.key === sort.active);
    const key = column?.sort;
    const value = key && sort.direction ? (sort.direction === 'desc' ? `-${key}` : key) : undefined;
    this.query.update((query) => ({ ...query, sort: value, page: 1 }));
  }

  protected id(row: Record<string, unknown>): string {
    return String(row['id']);
  }
}
