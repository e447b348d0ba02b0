import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, resource, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { ChangeFollower, type DeliverySearchParams, SearchApi, Session, reportErrors } from '@dsm/web/data-access';
import { EmptyState, FacetGroup, StatusChip } from '@dsm/web/ui';
import { FreshnessHint } from './freshness-hint';
import { toDeliveryRow } from './delivery-row';

export const FACETS = [
  { name: 'status', label: 'Status' },
  { name: 'city', label: 'City' },
  { name: 'priority', label: 'Priority' },
  { name: 'type', label: 'Delivery type' },
] as const;

export const SORTS = [
  { value: '', label: 'Best match' },
  { value: '-dispatch_at', label: 'Dispatch, latest first' },
  { value: 'dispatch_at', label: 'Dispatch, earliest first' },
  { value: '-updated_at', label: 'Recently changed' },
] as const;

/**
 * The dispatcher's home: one search box (free text and `field:value`), facets with counts, a
 * dispatch date range, sort and paging. The state lives in the URL so reload and back work.
 */
@Component({
  selector: 'dsm-delivery-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    EmptyState,
    FacetGroup,
    FreshnessHint,
    StatusChip,
  ],
  templateUrl: './delivery-search.html',
  styleUrl: './delivery-search.scss',
})
export class DeliverySearch {
  // Query parameters, bound by the router.
  readonly q = input<string>();
  readonly status = input<string>();
  readonly city = input<string>();
  readonly priority = input<string>();
  readonly type = input<string>();
  readonly from = input<string>();
  readonly to = input<string>();
  readonly sort = input<string>();
  readonly page = input<string>();
  readonly size = input<string>();

  private readonly router = inject(Router);
  private readonly searchApi = inject(SearchApi);
  private readonly follower = inject(ChangeFollower);

  protected readonly canWrite = inject(Session).canWrite;
  protected readonly facets = FACETS;
  protected readonly sorts = SORTS;
  protected readonly columns = ['status', 'order', 'customer', 'route', 'dispatch'];
  protected readonly params = computed<DeliverySearchParams>(() => ({
    q: this.q(),
    status: this.status(),
    city: this.city(),
    priority: this.priority(),
    type: this.type(),
    from: this.from(),
    to: this.to(),
    sort: this.sort(),
    page: Number(this.page() ?? 1),
    size: Number(this.size() ?? 25),
  }));
  protected readonly results = resource({
    params: () => this.params(),
    loader: ({ params }) => this.searchApi.deliveries(params),
  });
  protected readonly rows = computed(() => (this.results.hasValue() ? this.results.value().hits.map(toDeliveryRow) : []));
  protected readonly total = computed(() => (this.results.hasValue() ? this.results.value().total : 0));

  constructor() {
    reportErrors(this.results);
    // When the user's own change has reached the index, show it without a manual refresh.
    effect(() => {
      if (this.follower.progress()?.status === 'done') untracked(() => this.results.reload());
    });
  }

  protected facetOptions(name: string) {
    return this.results.value()?.facets[name] ?? [];
  }

  protected selected(name: string): string | undefined {
    return (this.params() as Record<string, string | number | undefined>)[name] as string | undefined;
  }

  protected setQuery(changes: Partial<Record<keyof DeliverySearchParams, string | number | null>>): void {
    const page = 'page' in changes ? changes.page : null;
    void this.router.navigate([], { queryParams: { ...changes, page }, queryParamsHandling: 'merge' });
  }

  protected filter(name: string, value: string | null): void {
    this.setQuery({ [name]: value });
  }

  protected paginate(event: PageEvent): void {
    this.setQuery({ page: event.pageIndex + 1, size: event.pageSize });
  }

  protected clear(): void {
    void this.router.navigate([], { queryParams: {} });
  }
}
