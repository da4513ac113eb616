import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppSettings } from './amplify';
import { authMessageFor, type AuthField, type AuthStep } from './auth-errors';
import { codeForm, credentialsForm, forgotForm, resetForm, type FormErrors } from './auth-forms';
import { BusyPanel } from './busy-panel';
import { unmetRules } from './password-rules';
import { confirm, currentUser, finishPasswordReset, register, resendCode, signInWithPassword, startPasswordReset, watchSignOutElsewhere, type SignedInUser } from './session';

type Mode = 'signIn' | 'signUp' | 'confirm' | 'forgot' | 'reset';

/** Survives the reload that follows a sign-out in another tab, so this tab can say why it shows the form. */
const SIGNED_OUT_ELSEWHERE = 'brewline:signed-out-elsewhere';

const HEADINGS: Record<Exclude<Mode, 'signIn'>, string> = {
  signUp: 'Create an account',
  confirm: 'Confirm your email',
  forgot: 'Reset your password',
  reset: 'Choose a new password',
};

const FIRST_FIELD: Record<Mode, AuthField> = { signIn: 'email', signUp: 'email', confirm: 'code', forgot: 'email', reset: 'code' };

/**
 * Sign-in, sign-up with its confirmation code, and password reset, shared by every app. It owns
 * no rendering loop: the app calls view() from its own render and passes `changed` so the panel
 * can ask for one. Each refusal is shown beside the field it concerns (role=alert, the field's
 * aria-describedby and aria-invalid) and focus goes to that field.
 *
 * Constructing it also watches for a sign-out in another tab: the page reloads into its
 * signed-out state (every app starts from currentUser()) and says why, instead of going on with
 * requests that would fail with "No federated jwt".
 */
export class AuthPanel extends BusyPanel {
  private mode: Mode = 'signIn';
  private email = '';
  private password = '';
  private info = '';
  private errors: FormErrors = {};

  constructor(
    private readonly settings: AppSettings,
    private readonly options: { allowSignUp: boolean; heading: string; hint?: TemplateResult },
    private readonly onSignedIn: (user: SignedInUser) => void,
    changed: () => void,
  ) {
    super(changed);
    if (sessionStorage.getItem(SIGNED_OUT_ELSEWHERE)) {
      sessionStorage.removeItem(SIGNED_OUT_ELSEWHERE);
      this.info = 'You signed out in another tab. Sign in again to continue.';
    }
    if (settings.userPoolClientId) {
      watchSignOutElsewhere(settings.userPoolClientId, () => {
        sessionStorage.setItem(SIGNED_OUT_ELSEWHERE, '1');
        location.reload();
      });
    }
  }

  /** Runs one Cognito step; a refusal becomes the message beside its field, which gets the focus. */
  private step(step: AuthStep, action: () => Promise<void>): void {
    this.errors = {};
    void this.run(async () => {
      try {
        await action();
      } catch (error) {
        const message = authMessageFor(error, step);
        this.errors = { [message.field]: message.text };
      }
    }).then(() => this.focus(this.errorField() ?? FIRST_FIELD[this.mode]));
  }

  private errorField(): AuthField | undefined {
    return (['email', 'password', 'code', 'form'] as const).find((field) => this.errors[field]);
  }

  /** Focus after the render the change asked for; a form-level message leaves focus on the form's button. */
  private focus(field: AuthField): void {
    const target = field === 'form' ? document.querySelector<HTMLElement>('.auth form button[type=submit]') : document.getElementById(`auth-${field}`);
    target?.focus();
  }

  private readonly passwordTyped = (event: InputEvent): void => {
    this.password = (event.target as HTMLInputElement).value;
    this.changed();
  };

  private fields(event: SubmitEvent): FormData {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const email = form.get('email');
    if (email !== null) this.email = String(email).trim();
    const password = form.get('password');
    if (password !== null) this.password = String(password);
    return form;
  }

  /** Cognito refuses a password against the policy with InvalidPasswordException; cognito-local does not check, so the form does first. */
  private passwordRefused(): boolean {
    const policy = this.settings.passwordPolicy;
    if (!policy || unmetRules(policy, this.password).length === 0) return false;
    this.errors = { password: 'This password does not meet the rules listed under it.' };
    this.changed();
    this.focus('password');
    return true;
  }

  private readonly submitSignIn = (event: SubmitEvent): void => {
    this.fields(event);
    this.step('signIn', async () => {
      const result = await signInWithPassword(this.email, this.password, this.settings.authFlowType);
      if (!result.done) {
        if (result.needsConfirmation) {
          this.show('confirm', 'Confirm your email first: enter the code we sent you.');
          return;
        }
        throw new Error(`Sign-in needs a step this app does not support (${result.step}).`);
      }
      await this.finish();
    });
  };

  private readonly submitSignUp = (event: SubmitEvent): void => {
    this.fields(event);
    if (this.passwordRefused()) return;
    this.step('signUp', async () => {
      await register(this.email, this.password);
      this.show('confirm', `We sent a confirmation code to ${this.email}.`);
    });
  };

  private readonly submitCode = (event: SubmitEvent): void => {
    const code = String(this.fields(event).get('code') ?? '').trim();
    this.step('confirm', async () => {
      await confirm(this.email, code);
      // Confirmed through a sign-in attempt: the password is not known here, so sign in by hand.
      if (!this.password) {
        this.show('signIn', 'Your email is confirmed. Please sign in.');
        return;
      }
      const result = await signInWithPassword(this.email, this.password, this.settings.authFlowType);
      if (!result.done) throw new Error('Your account is confirmed. Please sign in.');
      await this.finish();
    });
  };

  private readonly resend = (): void => {
    this.step('resend', async () => {
      await resendCode(this.email);
      this.info = `We sent a new code to ${this.email}.`;
    });
  };

  private readonly submitForgot = (event: SubmitEvent): void => {
    this.fields(event);
    this.step('forgot', async () => {
      await startPasswordReset(this.email);
      this.password = '';
      this.show('reset', `We sent a code to ${this.email}. Enter it with your new password.`);
    });
  };

  private readonly resendReset = (): void => {
    this.step('forgot', async () => {
      await startPasswordReset(this.email);
      this.info = `We sent a new code to ${this.email}.`;
    });
  };

  private readonly submitReset = (event: SubmitEvent): void => {
    const code = String(this.fields(event).get('code') ?? '').trim();
    if (this.passwordRefused()) return;
    this.step('reset', async () => {
      await finishPasswordReset(this.email, code, this.password);
      const result = await signInWithPassword(this.email, this.password, this.settings.authFlowType);
      if (!result.done) {
        this.show('signIn', 'Your password is changed. Please sign in.');
        return;
      }
      await this.finish();
    });
  };

  private async finish(): Promise<void> {
    const user = await currentUser();
    if (!user) throw new Error('Signed in, but no session was stored.');
    this.mode = 'signIn';
    this.info = '';
    this.password = '';
    this.onSignedIn(user);
  }

  /** Moves to another step inside a running action (its render follows when the action ends). */
  private show(mode: Mode, info: string): void {
    this.mode = mode;
    this.info = info;
    this.errors = {};
  }

  private switchTo(mode: Mode): void {
    this.show(mode, '');
    if (mode === 'signIn' || mode === 'forgot') this.password = '';
    this.changed();
    this.focus(FIRST_FIELD[mode]);
  }

  view(): TemplateResult {
    const heading = this.mode === 'signIn' ? this.options.heading : HEADINGS[this.mode];
    const common = { busy: this.busy, errors: this.errors, email: this.email, password: this.password, policy: this.settings.passwordPolicy, onPassword: this.passwordTyped };
    const back = (): void => this.switchTo('signIn');
    return html`<section class="card auth" aria-labelledby="auth-heading">
      <h2 id="auth-heading">${heading}</h2>
      ${this.info ? html`<p class="info" role="status">${this.info}</p>` : nothing}
      ${this.mode === 'confirm'
        ? codeForm({ ...common, onSubmit: this.submitCode, onResend: this.resend, onBack: back })
        : this.mode === 'forgot'
          ? forgotForm({ ...common, onSubmit: this.submitForgot, onBack: back })
          : this.mode === 'reset'
            ? resetForm({ ...common, onSubmit: this.submitReset, onResend: this.resendReset, onBack: back })
            : credentialsForm({
                ...common,
                signingUp: this.mode === 'signUp',
                allowSignUp: this.options.allowSignUp,
                onSubmit: this.mode === 'signUp' ? this.submitSignUp : this.submitSignIn,
                onSwitch: (mode) => this.switchTo(mode),
              })}
      ${this.options.hint ?? nothing}
    </section>`;
  }
}
