import { describe, expect, it } from 'vitest';
import { completeThrough, pendingProgress } from './change-progress';

describe('completeThrough', () => {
  it('marks the step and every earlier pending step done, and the change done at the last step', () => {
    const viewed = completeThrough(pendingProgress('42', 'saved'), 'view', 120);
    const searchable = completeThrough(viewed, 'searchable', 300);

    expect(viewed.steps.map((step) => step.afterMs)).toEqual([120, 120, 120, null, null]);
    expect(viewed.status).toBe('following');
    expect(searchable.steps.map((step) => step.afterMs)).toEqual([120, 120, 120, 300, 300]);
    expect(searchable.status).toBe('done');
  });
});
