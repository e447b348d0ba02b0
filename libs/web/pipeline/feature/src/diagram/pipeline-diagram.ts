import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { SlotFigures, Stage, StageFigures } from '@dsm/contracts';
import { formatBytes } from '@dsm/web/pipeline/data-access';

interface DiagramNode {
  id: string;
  label: string;
  health: string;
  lines: string[];
}

const MAIN_LINE: (Stage | 'postgres' | 'log' | 'store')[] = ['postgres', 'capture', 'log', 'etl', 'view', 'index', 'store'];

/** PostgreSQL → capture → log → etl → view → index → search store, with notify branching off etl. */
@Component({
  selector: 'dsm-pipeline-diagram',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="line" aria-label="Pipeline">
      @for (node of main(); track node.id; let last = $last) {
        <li class="node" [class]="'health-' + node.health" [attr.data-testid]="'node-' + node.id" [attr.aria-label]="node.label + ': ' + node.health">
          <span class="name">{{ node.label }}</span>
          <span class="health">{{ node.health }}</span>
          @for (line of node.lines; track $index) {
            <span class="figure">{{ line }}</span>
          }
        </li>
        @if (!last) {
          <li class="arrow" aria-hidden="true">→</li>
        }
      }
    </ol>
    @if (notify(); as node) {
      <div class="branch">
        <span class="arrow" aria-hidden="true">etl ↳ outbox →</span>
        <div class="node" [class]="'health-' + node.health" data-testid="node-notify" [attr.aria-label]="node.label + ': ' + node.health">
          <span class="name">{{ node.label }}</span>
          <span class="health">{{ node.health }}</span>
          @for (line of node.lines; track $index) {
            <span class="figure">{{ line }}</span>
          }
        </div>
        <span class="arrow" aria-hidden="true">→ e-mail</span>
      </div>
    }
  `,
  styleUrl: './pipeline-diagram.scss',
})
export class PipelineDiagram {
  readonly stages = input.required<StageFigures[]>();
  readonly slot = input<SlotFigures | null>(null);

  protected readonly main = computed(() => MAIN_LINE.map((id) => this.nodeOf(id)));
  protected readonly notify = computed(() => this.nodeOf('notify'));

  private nodeOf(id: string): DiagramNode {
    if (id === 'postgres') return this.postgresNode();
    if (id === 'log') return { id, label: 'Event log', health: 'static', lines: [] };
    if (id === 'store') {
      const index = this.stages().find((stage) => stage.stage === 'index');
      return { id, label: 'Search store', health: index?.health === 'down' ? 'down' : 'static', lines: [] };
    }
    const figures = this.stages().find((stage) => stage.stage === id);
    if (!figures) return { id, label: id, health: 'unknown', lines: [] };
    return { id, label: id, health: figures.paused ? 'paused' : figures.health, lines: figuresOf(figures) };
  }

  private postgresNode(): DiagramNode {
    const slot = this.slot();
    if (!slot) return { id: 'postgres', label: 'PostgreSQL', health: 'unknown', lines: ['no slot'] };
    return { id: 'postgres', label: 'PostgreSQL', health: slot.active ? 'up' : 'down', lines: [`WAL kept ${formatBytes(slot.retainedWalBytes)}`] };
  }
}

function figuresOf(figures: StageFigures): string[] {
  const lines = [`${figures.eventsPerSecond.toFixed(1)} ev/s`, `p99 ${Math.round(figures.latencyMs.p99)} ms`];
  if (figures.lag) lines.push(`lag ${figures.lag.seconds.toFixed(1)} s`);
  if (figures.deadLetters) lines.push(`${figures.deadLetters} dead letters`);
  return lines;
}
