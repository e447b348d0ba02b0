import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { nextStates } from '@dsm/contracts';
import { describe, expect, it } from 'vitest';
import { StateActions } from './state-actions';

async function buttonsFor(status: 'created' | 'in_transit' | 'failed' | 'delivered', canRetry = false) {
  const fixture = TestBed.createComponent(StateActions);
  fixture.componentRef.setInput('allowed', nextStates(status));
  fixture.componentRef.setInput('canRetry', canRetry);
  const loader = TestbedHarnessEnvironment.loader(fixture);
  const buttons = await loader.getAllHarnesses(MatButtonHarness);
  return { fixture, loader, texts: await Promise.all(buttons.map((button) => button.getText())) };
}

describe('StateActions', () => {
  it('offers only the next states the state machine allows', async () => {
    const { texts } = await buttonsFor('in_transit');

    expect(texts.map((text) => text.replace(/^\S+\s/, ''))).toEqual(['Mark delivered', 'Mark failed']);
  });

  it('offers a new attempt after a failure', async () => {
    const { texts } = await buttonsFor('failed', true);

    expect(texts).toEqual([expect.stringContaining('Start new attempt')]);
  });

  it('says the delivery is finished when nothing is allowed', async () => {
    const { fixture, texts } = await buttonsFor('delivered');

    expect(texts).toEqual([]);
    expect(fixture.nativeElement.textContent).toContain('this delivery is finished');
  });

  it('emits the chosen state with the reason', async () => {
    const { fixture, loader } = await buttonsFor('created');
    const emitted: unknown[] = [];
    fixture.componentInstance.recorded.subscribe((change) => emitted.push(change));

    await (await loader.getHarness(MatButtonHarness.with({ text: /Mark dispatched/ }))).click();

    expect(emitted).toEqual([{ state: 'dispatched', reason: null }]);
  });
});
