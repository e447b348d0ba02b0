import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ChangeProgress } from '@dsm/web/util';

const STEP_LABELS: Record<string, string> = {
  capture: 'Captured',
  clean: 'Cleaned',
  view: 'Joined',
  indexed: 'Indexed',
  searchable: 'Searchable',
};

/** Shows one saved transaction moving through capture → clean → view → indexed → searchable. */
@Component({
  selector: 'dsm-follow-change-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  templateUrl: './follow-change-panel.html',
  styleUrl: './follow-change-panel.scss',
})
export class FollowChangePanel {
  readonly progress = input.required<ChangeProgress>();
  readonly dismissed = output<void>();

  protected readonly steps = computed(() =>
    this.progress().steps.map((item) => ({ ...item, label: STEP_LABELS[item.step] ?? item.step })),
  );
  protected readonly summary = computed(() => summaryOf(this.progress()));
}

function summaryOf(progress: ChangeProgress): string {
  switch (progress.status) {
    case 'done':
      return 'Your change is searchable';
    case 'timed-out':
      return 'The pipeline is slow to catch up; your change is saved';
    case 'unavailable':
      return 'Pipeline progress is not available; your change is saved';
    default:
      return 'Following your change through the pipeline…';
  }
}
