import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { LoginSchema } from '@dsm/contracts';
import { Session } from '@dsm/web/data-access';
import { fieldError, problemMessage, toProblem, zodValidators } from '@dsm/web/util';

const validators = zodValidators(LoginSchema);

/** Sign-in; afterwards the user returns to the page that sent them here. */
@Component({
  selector: 'dsm-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  templateUrl: './sign-in.html',
  styleUrl: './sign-in.scss',
})
export class SignIn {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly busyState = signal(false);
  private readonly failureState = signal<string | null>(null);

  protected readonly busy = this.busyState.asReadonly();
  protected readonly failure = this.failureState.asReadonly();
  protected readonly fieldError = fieldError;
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', validators.email],
    password: ['', validators.password],
  });

  protected async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busyState()) return;
    this.busyState.set(true);
    this.failureState.set(null);
    try {
      await this.session.signIn(LoginSchema.parse(this.form.getRawValue()));
      await this.router.navigateByUrl(this.returnUrl());
    } catch (error) {
      const problem = toProblem(error);
      this.failureState.set(problem.status === 401 ? 'Wrong email or password' : problemMessage(problem));
    } finally {
      this.busyState.set(false);
    }
  }

  /** Only same-app paths, so a crafted link cannot bounce the user to another site. */
  private returnUrl(): string {
    const wanted = this.route.snapshot.queryParamMap.get('returnUrl');
    return wanted && wanted.startsWith('/') && !wanted.startsWith('//') ? wanted : '/deliveries';
  }
}
