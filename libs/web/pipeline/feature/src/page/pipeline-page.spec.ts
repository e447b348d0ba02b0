import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Role } from '@dsm/contracts';
import { PIPELINE_SOCKET_FACTORY, Session } from '@dsm/web/data-access';
import { FakePipelineSocket } from '@dsm/web/data-access/testing';
import { snapshot, stageFigures, trace } from '@dsm/web/pipeline/data-access/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { PipelinePage } from './pipeline-page';

const audit = {
  id: '5b8f0c7e-3f0a-4d4e-9c53-6f6b2f1f8a10',
  at: 1_000,
  actor: { id: 2, email: 'ops@dsm.local', role: 'operator' },
  command: { type: 'pause-stage', stage: 'notify' },
  outcome: 'accepted',
  reason: null,
};

describe('PipelinePage', () => {
  let socket: FakePipelineSocket;
  let http: HttpTestingController;

  beforeEach(() => {
    socket = new FakePipelineSocket();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), { provide: PIPELINE_SOCKET_FACTORY, useValue: () => socket.asClient() }],
    });
    http = TestBed.inject(HttpTestingController);
  });

  async function openAs(role: Role) {
    const restored = TestBed.inject(Session).restore();
    http.expectOne('/api/auth/me').flush({ user: { id: 1, email: `${role}@dsm.local`, role } });
    await restored;
    const fixture = TestBed.createComponent(PipelinePage);
    socket.accept();
    socket.serverEmit('pipeline:snapshot', snapshot({ stages: [stageFigures('capture'), stageFigures('etl', { health: 'down' })], recentTraces: [trace('501')] }));
    fixture.detectChanges();
    await new Promise((resolve) => setTimeout(resolve));
    http.expectOne('/api/pipeline/alert-thresholds').flush({ lagSeconds: 45, slotWalBytes: 1024 * 1024 * 1024, stageDownSeconds: 20 });
    http.expectOne((request) => request.url === '/api/pipeline/dlq/etl').flush({ items: [] });
    http.expectOne((request) => request.url === '/api/pipeline/audit').flush({ items: [audit] });
    await fixture.whenStable();
    return { fixture, page: fixture.nativeElement as HTMLElement };
  }

  it('shows operators the controls next to the live figures', async () => {
    const { page } = await openAs('operator');

    expect(page.querySelector('[aria-label="Pipeline controls"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="connection"]')?.textContent).toContain('Live');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('The etl stage is down');
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('(limit 20 s)');
    expect(page.querySelector('[data-testid="alert-thresholds"]')?.textContent).toContain('lag over 45 s · slot WAL over 1.0 GiB');
    expect(page.querySelector('[data-testid="feed-501"]')?.textContent).toContain('Searchable +90 ms');
    expect(page.querySelector('[aria-label="Audit log"]')?.textContent).toContain('ops@dsm.local');
  });

  it('shows viewers the same page without any control', async () => {
    const { page } = await openAs('viewer');

    expect(page.querySelector('[aria-label="Pipeline controls"]')).toBeNull();
    expect(Array.from(page.querySelectorAll('button')).map((button) => button.textContent?.trim())).not.toContain('Reindex');
    expect(page.querySelector('[data-testid="node-etl"]')).not.toBeNull();
  });

  it('follows a transaction picked from the live feed in its trace room', async () => {
    const { fixture, page } = await openAs('dispatcher');
    socket.onClientEmit(() => ({ ok: true, trace: trace('501', { searchableAt: null, hops: [] }) }));

    (page.querySelector('[aria-label="Follow transaction 501"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="trace-status"]')?.textContent).toContain('On its way');
    socket.serverEmit('trace:update', trace('501'));
    await fixture.whenStable();

    expect(socket.sent.find((sent) => sent.event === 'follow')?.payload).toEqual({ traceId: '501' });
    expect(page.querySelector('[data-testid="trace-status"]')?.textContent).toContain('Searchable');
    expect(page.querySelector('[data-testid="step-Indexed"]')?.textContent).toContain('+90 ms');
  });
});
