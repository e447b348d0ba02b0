import { type ResourceRef, effect, inject, untracked } from '@angular/core';
import { Notifier } from './notifier';

/**
 * Shows a resource's load failures as a snack bar with "Retry" (which reloads it). Call from an
 * injection context, e.g. a component constructor.
 */
export function reportErrors(ref: ResourceRef<unknown>): void {
  const notifier = inject(Notifier);
  effect(() => {
    const error = ref.error();
    if (error) untracked(() => notifier.error(error, () => ref.reload()));
  });
}
