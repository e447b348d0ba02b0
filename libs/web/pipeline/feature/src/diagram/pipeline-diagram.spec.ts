import { TestBed } from '@angular/core/testing';
import { stageFigures } from '@dsm/web/pipeline/data-access/testing';
import { describe, expect, it } from 'vitest';
import { PipelineDiagram } from './pipeline-diagram';

describe('PipelineDiagram', () => {
  it('shows every node in pipeline order with its health, rate and lag, and notify as a branch', async () => {
    const fixture = TestBed.createComponent(PipelineDiagram);
    fixture.componentRef.setInput('stages', [
      stageFigures('capture'),
      stageFigures('etl', { lag: { records: 4, seconds: 2.5 } }),
      stageFigures('view', { paused: true }),
      stageFigures('index', { health: 'down' }),
      stageFigures('notify', { health: 'idle' }),
    ]);
    fixture.componentRef.setInput('slot', { name: 'dsm', retainedWalBytes: 2048, active: true });
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    const labels = Array.from(element.querySelectorAll('.line .node')).map((node) => node.getAttribute('aria-label'));
    expect(labels).toEqual(['PostgreSQL: up', 'capture: up', 'Event log: static', 'etl: up', 'view: paused', 'index: down', 'Search store: down']);
    expect(element.querySelector('[data-testid="node-etl"]')?.textContent).toContain('lag 2.5 s');
    expect(element.querySelector('[data-testid="node-postgres"]')?.textContent).toContain('WAL kept 2.0 KiB');
    expect(element.querySelector('[data-testid="node-notify"]')?.getAttribute('aria-label')).toBe('notify: idle');
  });
});
