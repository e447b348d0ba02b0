import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { ChangeProgress } from '@dsm/web/util';
import { CHANGE_TRACKER } from './change-tracker';

/** The change the user saved last, followed through the pipeline for the "follow" panel. */
@Injectable({ providedIn: 'root' })
export class ChangeFollower {
  private readonly tracker = inject(CHANGE_TRACKER);
  private readonly current = signal<ChangeProgress | null>(null);
  private subscription: Subscription | null = null;

  readonly progress = this.current.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  follow(txId: string, label: string): void {
    this.subscription?.unsubscribe();
    this.subscription = this.tracker.track(txId, label).subscribe((progress) => this.current.set(progress));
  }

  dismiss(): void {
    this.subscription?.unsubscribe();
    this.current.set(null);
  }
}
