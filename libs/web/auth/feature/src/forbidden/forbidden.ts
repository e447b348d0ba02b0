import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

/** Where a role guard sends someone who may read but not change this part of the app. */
@Component({
  selector: 'dsm-forbidden',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink],
  template: `
    <section class="forbidden">
      <h1>Not allowed</h1>
      <p>Your role may view data but not change it. Ask an administrator for dispatcher access.</p>
      <a mat-flat-button routerLink="/deliveries">Back to deliveries</a>
    </section>
  `,
  styles: `.forbidden { padding: 32px 16px; max-width: 560px; }`,
})
export class Forbidden {}
