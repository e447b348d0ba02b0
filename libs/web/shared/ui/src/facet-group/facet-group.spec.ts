import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { describe, expect, it } from 'vitest';
import { FacetGroup } from './facet-group';

function render(selected: string | null) {
  const fixture = TestBed.createComponent(FacetGroup);
  fixture.componentRef.setInput('name', 'status');
  fixture.componentRef.setInput('label', 'Status');
  fixture.componentRef.setInput('options', [
    { value: 'in_transit', count: 4 },
    { value: 'delivered', count: 2 },
  ]);
  fixture.componentRef.setInput('selected', selected);
  const toggled: (string | null)[] = [];
  fixture.componentInstance.toggled.subscribe((value) => toggled.push(value));
  return { loader: TestbedHarnessEnvironment.loader(fixture), toggled };
}

describe('FacetGroup', () => {
  it('lists each value with its count', async () => {
    const { loader } = render(null);

    const labels = await Promise.all((await loader.getAllHarnesses(MatCheckboxHarness)).map((box) => box.getLabelText()));

    expect(labels).toEqual(['In transit (4)', 'Delivered (2)']);
  });

  it('selects a value, and clears it when the selected value is clicked again', async () => {
    const first = render(null);
    await (await first.loader.getHarness(MatCheckboxHarness.with({ label: /Delivered/ }))).check();
    const second = render('delivered');
    await (await second.loader.getHarness(MatCheckboxHarness.with({ label: /Delivered/ }))).uncheck();

    expect(first.toggled).toEqual(['delivered']);
    expect(second.toggled).toEqual([null]);
  });
});
