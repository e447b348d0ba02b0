import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { problemMessage, toProblem } from '@dsm/web/util';

/** Snack-bar messages; errors offer "Retry" when the caller can repeat what failed. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  info(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: 4000 });
  }

  error(error: unknown, retry?: () => void): void {
    const message = problemMessage(toProblem(error));
    const ref = this.snackBar.open(message, retry ? 'Retry' : 'Dismiss', { duration: retry ? 10_000 : 6000 });
    if (retry) ref.onAction().subscribe(() => retry());
  }
}
