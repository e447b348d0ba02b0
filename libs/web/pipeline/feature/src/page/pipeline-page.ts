import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Notifier, Session } from '@dsm/web/data-access';
import { PipelineApi, PipelineLive } from '@dsm/web/pipeline/data-access';
import { AlertBanners } from '../alerts/alert-banners';
import { AuditLog } from '../audit/audit-log';
import { StageCharts } from '../charts/stage-charts';
import { PipelineControls } from '../controls/pipeline-controls';
import { DeadLetterWorkbench } from '../dead-letters/dead-letter-workbench';
import { PipelineDiagram } from '../diagram/pipeline-diagram';
import { LiveFeed } from '../feed/live-feed';
import { TraceStepper } from '../feed/trace-stepper';

const CONNECTION_LABELS: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  refused: 'The server refused the live connection; sign in again',
};

/** The live pipeline: diagram, charts, feed, follow a change, dead letters and operator controls. */
@Component({
  selector: 'dsm-pipeline-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    AlertBanners,
    PipelineDiagram,
    StageCharts,
    LiveFeed,
    TraceStepper,
    DeadLetterWorkbench,
    PipelineControls,
    AuditLog,
  ],
  templateUrl: './pipeline-page.html',
  styleUrl: './pipeline-page.scss',
})
export class PipelinePage {
  private readonly live = inject(PipelineLive);
  private readonly api = inject(PipelineApi);
  private readonly notifier = inject(Notifier);
  private readonly session = inject(Session);

  protected readonly state = this.live.state;
  protected readonly alerts = this.live.alerts;
  protected readonly thresholds = this.live.thresholds;
  protected readonly followed = this.live.followed;
  protected readonly canOperate = computed(() => (this.session.user(), this.session.allows('operate')));
  protected readonly connection = computed(() => CONNECTION_LABELS[this.live.connection()] ?? this.live.connection());
  protected readonly followKind = signal<'transaction' | 'delivery'>('transaction');
  protected readonly followQuery = signal('');
  protected readonly followedId = signal<string | null>(null);

  constructor() {
    this.live.start();
    inject(DestroyRef).onDestroy(() => this.live.stop());
  }

  protected async follow(traceId: string): Promise<void> {
    this.followedId.set(traceId);
    await this.live.follow(traceId);
  }

  protected async submitFollow(): Promise<void> {
    const query = this.followQuery().trim();
    if (!query) return;
    if (this.followKind() === 'transaction') return this.follow(query);
    try {
      const [latest] = await this.api.tracesOf('deliveries', query);
      if (!latest) return this.notifier.info(`No recent transaction touched delivery ${query}`);
      await this.follow(latest.traceId);
    } catch (error) {
      this.notifier.error(error);
    }
  }
}
