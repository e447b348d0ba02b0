import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, resource, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { type RecordableState, canStartAttempt, nextStates } from '@dsm/contracts';
import {
  AuditApi,
  ChangeFollower,
  CustomersApi,
  DeliveriesApi,
  NotificationsApi,
  Notifier,
  OrdersApi,
  Session,
  reportErrors,
} from '@dsm/web/data-access';
import { NotificationLog, StatusChip } from '@dsm/web/ui';
import { fullName, humanize } from '@dsm/web/util';
import { AttemptTimeline } from './attempt-timeline';
import { type RecordedChange, refreshHistoryUntilListed } from './history-refresh';
import { StateActions } from './state-actions';
import { StatusHistory } from './status-history';

/** One delivery: status, route, order and customer, attempts and the allowed next steps. */
@Component({
  selector: 'dsm-delivery-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, StatusChip, AttemptTimeline, StateActions, StatusHistory, NotificationLog],
  templateUrl: './delivery-detail.html',
  styleUrl: './delivery-detail.scss',
})
export class DeliveryDetail {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly deliveriesApi = inject(DeliveriesApi);
  private readonly ordersApi = inject(OrdersApi);
  private readonly customersApi = inject(CustomersApi);
  private readonly auditApi = inject(AuditApi);
  private readonly notificationsApi = inject(NotificationsApi);
  private readonly notifier = inject(Notifier);
  private readonly follower = inject(ChangeFollower);
  private readonly busyState = signal(false);
  /** The state change recorded last, until the audit history lists it. */
  private readonly recordedChange = signal<RecordedChange | null>(null);

  protected readonly canWrite = inject(Session).canWrite;
  protected readonly busy = this.busyState.asReadonly();
  protected readonly humanize = humanize;
  protected readonly fullName = fullName;
  protected readonly delivery = resource({
    params: () => Number(this.id()),
    loader: ({ params }) => this.deliveriesApi.get(params),
  });
  protected readonly order = resource({
    params: () => this.delivery.value()?.order_id,
    loader: ({ params }) => this.ordersApi.get(params),
  });
  protected readonly customer = resource({
    params: () => this.order.value()?.customer_id,
    loader: ({ params }) => this.customersApi.get(params),
  });
  /**
   * Read from the audit index, which the pipeline fills: refreshed when a followed change is
   * searchable, and after recording a state change until it lists that change.
   */
  protected readonly history = resource({
    params: () => Number(this.id()),
    loader: ({ params }) => this.auditApi.statusChanges(params),
  });
  protected readonly notifications = resource({
    params: () => Number(this.id()),
    loader: ({ params }) => this.notificationsApi.list({ deliveryId: params }),
  });
  protected readonly current = computed(() => this.delivery.value()?.attempts.at(-1) ?? null);
  protected readonly allowed = computed(() => {
    const delivery = this.delivery.value();
    return delivery ? nextStates(delivery.status) : [];
  });
  /** Retrying is for failed attempts; the first attempt starts with the first recorded step. */
  protected readonly canRetry = computed(() => {
    const delivery = this.delivery.value();
    return !!delivery && delivery.attempts.length > 0 && canStartAttempt(delivery.status, delivery.attempts.length);
  });

  constructor() {
    reportErrors(this.delivery);
    reportErrors(this.order);
    reportErrors(this.customer);
    reportErrors(this.history);
    reportErrors(this.notifications);
    refreshHistoryUntilListed(this.history, this.recordedChange);
    effect(() => {
      if (this.follower.progress()?.status !== 'done') return;
      untracked(() => {
        this.history.reload();
        this.notifications.reload();
      });
    });
  }

  protected record(change: { state: RecordableState; reason: string | null }): void {
    const id = Number(this.id());
    void this.run(`Marked ${humanize(change.state).toLowerCase()}`, async () => {
      const attempt = this.current()?.number ?? (await this.startFirstAttempt(id));
      const result = await this.deliveriesApi.recordState(id, attempt, change);
      this.recordedChange.set({ attempt, to: change.state });
      return result;
    });
  }

  /** A new delivery has no attempt yet: its first recorded step opens attempt 1. */
  private async startFirstAttempt(id: number): Promise<number> {
    const started = await this.deliveriesApi.startAttempt(id);
    const data = started.data as { number?: unknown } | null;
    return typeof data?.number === 'number' ? data.number : 1;
  }

  protected startAttempt(): void {
    void this.run('New attempt started', () => this.deliveriesApi.startAttempt(Number(this.id())));
  }

  private async run(label: string, write: () => Promise<{ txId: string }>): Promise<void> {
    if (this.busyState()) return;
    this.busyState.set(true);
    try {
      const result = await write();
      this.follower.follow(result.txId, label);
      this.notifier.info(label);
      this.delivery.reload();
    } catch (error) {
      // A 409 means someone else moved the delivery on: show why and the fresh state.
      this.notifier.error(error);
      this.delivery.reload();
    } finally {
      this.busyState.set(false);
    }
  }
}
