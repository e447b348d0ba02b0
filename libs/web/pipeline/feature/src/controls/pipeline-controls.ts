import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { type PipelineCommand, type StageFigures } from '@dsm/contracts';
import { Notifier } from '@dsm/web/data-access';
import { PipelineLive } from '@dsm/web/pipeline/data-access';
import { confirmAction } from './confirm-dialog';

const CONSUMER_STAGES = ['etl', 'view', 'index', 'notify'] as const;
type ConsumerStage = (typeof CONSUMER_STAGES)[number];

/** Reindex, pause/resume a stage, reset a consumer group: each confirmed, each audited by the server. */
@Component({
  selector: 'dsm-pipeline-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatProgressBarModule],
  templateUrl: './pipeline-controls.html',
  styleUrl: './pipeline-controls.scss',
})
export class PipelineControls {
  private readonly live = inject(PipelineLive);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  readonly stages = input.required<StageFigures[]>();

  protected readonly consumerStages = CONSUMER_STAGES;
  protected readonly resetStage = signal<ConsumerStage>('index');
  protected readonly resetTo = signal<'earliest' | 'timestamp'>('earliest');
  protected readonly resetAt = signal('');
  protected readonly reindex = computed(() => this.live.controlStatuses().find((status) => status.command.type === 'reindex') ?? null);
  protected readonly reindexPercent = computed(() => {
    const progress = this.reindex()?.progress;
    return progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : null;
  });

  protected isPaused(stage: ConsumerStage): boolean {
    return this.stages().find((figures) => figures.stage === stage)?.paused === true;
  }

  protected async startReindex(): Promise<void> {
    await this.run({ type: 'reindex' }, 'Rebuild the search index?', 'The index is rebuilt next to the live one and swapped in when done.', 'Reindex');
  }

  protected async togglePause(stage: ConsumerStage): Promise<void> {
    const paused = this.isPaused(stage);
    const command: PipelineCommand = paused ? { type: 'resume-stage', stage } : { type: 'pause-stage', stage };
    const verb = paused ? 'Resume' : 'Pause';
    await this.run(command, `${verb} the ${stage} stage?`, paused ? 'It picks up where it stopped.' : 'Changes wait in the event log until it resumes.', verb);
  }

  protected async resetGroup(): Promise<void> {
    const stage = this.resetStage();
    const timestamp = Date.parse(this.resetAt());
    if (this.resetTo() === 'timestamp' && Number.isNaN(timestamp)) return this.notifier.error(new Error('Pick the time to reset to'));
    const to = this.resetTo() === 'earliest' ? ('earliest' as const) : { timestamp };
    const where = to === 'earliest' ? 'the earliest record' : new Date(timestamp).toLocaleString();
    await this.run({ type: 'reset-group', stage, to }, `Reset the ${stage} consumer group?`, `The ${stage} stage re-reads the log from ${where}.`, 'Reset');
  }

  private async run(command: PipelineCommand, title: string, message: string, confirm: string): Promise<void> {
    if (!(await confirmAction(this.dialog, { title, message, confirm }))) return;
    const ack = await this.live.send(command);
    if (ack.ok) this.notifier.info(`${confirm}: sent to the pipeline`);
    else this.notifier.error(new Error(ack.error.message));
  }
}
