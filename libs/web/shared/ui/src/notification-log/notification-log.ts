import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { NotificationLogEntry } from '@dsm/contracts';
import { humanize } from '@dsm/web/util';
import { StatusChip } from '../status-chip/status-chip';

/** The e-mails sent about one order or delivery: who, what, when, and how it went. */
@Component({
  selector: 'dsm-notification-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, StatusChip],
  template: `
    @if (entries().length > 0) {
      <table class="log">
        <caption class="visually-hidden">E-mails sent</caption>
        <thead>
          <tr><th scope="col">When</th><th scope="col">To</th><th scope="col">What</th><th scope="col">Status</th></tr>
        </thead>
        <tbody>
          @for (entry of entries(); track entry.eventId + entry.type) {
            <tr>
              <td><time [attr.datetime]="entry.sentAt ?? entry.createdAt">{{ entry.sentAt ?? entry.createdAt | date: 'medium' }}</time></td>
              <td>{{ entry.recipientName }} &lt;{{ entry.recipient }}&gt;</td>
              <td>{{ humanize(entry.type) }}: {{ entry.subject }}</td>
              <td>
                <dsm-status-chip [status]="entry.status" />
                @if (entry.lastError && entry.status !== 'sent') {
                  <span class="why">{{ entry.lastError }}</span>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    } @else {
      <p class="none">No e-mails sent yet.</p>
    }
  `,
  styles: `
    .log { width: 100%; border-collapse: collapse; font: var(--mat-sys-body-medium); }
    th { text-align: left; font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); vertical-align: top; }
    .why { display: block; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .none { color: var(--mat-sys-on-surface-variant); margin: 0; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `,
})
export class NotificationLog {
  readonly entries = input.required<readonly NotificationLogEntry[]>();

  protected readonly humanize = humanize;
}
