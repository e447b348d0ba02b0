import { ChangeDetectionStrategy, Component, inject, input, resource, signal } from '@angular/core';
import { DatePipe } from '@angular/common';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { STAGES, type Stage } from '@dsm/contracts';
import { Notifier } from '@dsm/web/data-access';
import { type DeadLetterEntry, PipelineApi, PipelineLive } from '@dsm/web/pipeline/data-access';
import { confirmAction } from '../controls/confirm-dialog';

/** Dead letters per stage: inspect the error and the original record; operators replay or discard. */
@Component({
  selector: 'dsm-dead-letter-workbench',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule, MatButtonToggleModule, MatExpansionModule],
  templateUrl: './dead-letter-workbench.html',
  styleUrl: './dead-letter-workbench.scss',
})
export class DeadLetterWorkbench {
  private readonly api = inject(PipelineApi);
  private readonly live = inject(PipelineLive);
  private readonly dialog = inject(MatDialog);
  private readonly notifier = inject(Notifier);

  readonly canOperate = input(false);

  protected readonly stages = STAGES;
  protected readonly stage = signal<Stage>('etl');
  protected readonly letters = resource({ params: () => this.stage(), loader: ({ params }) => this.api.deadLetters(params) });

  protected pretty(value: string | null): string {
    if (value === null) return '(none: a tombstone)';
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }

  protected async handle(entry: DeadLetterEntry, action: 'replay' | 'discard'): Promise<void> {
    const title = action === 'replay' ? 'Replay this dead letter?' : 'Discard this dead letter?';
    const message = action === 'replay' ? `The ${entry.deadLetter.stage} stage processes ${entry.id} again.` : `${entry.id} is marked handled and leaves the list.`;
    if (!(await confirmAction(this.dialog, { title, message, confirm: action === 'replay' ? 'Replay' : 'Discard' }))) return;
    const type = action === 'replay' ? 'replay-dead-letter' : 'discard-dead-letter';
    const ack = await this.live.send({ type, stage: entry.deadLetter.stage, id: entry.id });
    if (!ack.ok) return this.notifier.error(new Error(ack.error.message));
    this.notifier.info(action === 'replay' ? 'Sent back to the stage' : 'Discarded');
    this.letters.reload();
  }
}
