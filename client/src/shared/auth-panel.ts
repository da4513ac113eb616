import { html, nothing, type TemplateResult } from 'lit-html';
import type { AppSettings } from './amplify';
import { BusyPanel } from './busy-panel';
import { confirm, currentUser, register, signInWithPassword, type SignedInUser } from './session';

type Mode = 'signIn' | 'signUp' | 'confirm';

/**
 * Sign-in, sign-up and confirmation-code forms shared by every app. It owns no rendering loop:
 * the app calls view() from its own render and passes `changed` so the panel can ask for one.
 */
export class AuthPanel extends BusyPanel {
  private mode: Mode = 'signIn';
  private email = '';
  private password = '';
  private info = '';

  constructor(
    private readonly settings: AppSettings,
    private readonly options: { allowSignUp: boolean; heading: string; hint?: TemplateResult },
    private readonly onSignedIn: (user: SignedInUser) => void,
    changed: () => void,
  ) {
    super(changed);
  }

  private readonly submitSignIn = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.email = String(form.get('email') ?? '').trim();
    this.password = String(form.get('password') ?? '');
    void this.run(async () => {
      const result = await signInWithPassword(this.email, this.password, this.settings.authFlowType);
      if (!result.done) {
        if (result.needsConfirmation) {
          this.mode = 'confirm';
          this.info = 'Enter the code we sent to your email to finish creating your account.';
          return;
        }
        throw new Error(`Sign-in needs a step this app does not support (${result.step}).`);
      }
      await this.finish();
    });
  };

  private readonly submitSignUp = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.email = String(form.get('email') ?? '').trim();
    this.password = String(form.get('password') ?? '');
    void this.run(async () => {
      await register(this.email, this.password);
      this.mode = 'confirm';
      this.info = `We sent a confirmation code to ${this.email}.`;
    });
  };

  private readonly submitCode = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const code = String(form.get('code') ?? '').trim();
    void this.run(async () => {
      await confirm(this.email, code);
      const result = await signInWithPassword(this.email, this.password, this.settings.authFlowType);
      if (!result.done) throw new Error('Your account is confirmed. Please sign in.');
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

  private switchTo(mode: Mode): void {
    this.mode = mode;
    this.error = '';
    this.info = '';
    this.changed();
  }

  view(): TemplateResult {
    return html`<section class="card auth" aria-labelledby="auth-heading">
      <h2 id="auth-heading">${this.mode === 'signUp' ? 'Create an account' : this.mode === 'confirm' ? 'Confirm your email' : this.options.heading}</h2>
      ${this.info ? html`<p class="info" role="status">${this.info}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.mode === 'confirm' ? this.codeForm() : this.credentialsForm()}
      ${this.options.hint ?? nothing}
    </section>`;
  }

  private credentialsForm(): TemplateResult {
    const signingUp = this.mode === 'signUp';
    return html`<form @submit=${signingUp ? this.submitSignUp : this.submitSignIn}>
        <label>Email <input name="email" type="email" autocomplete="email" required .value=${this.email} /></label>
        <label
          >Password
          <input name="password" type="password" autocomplete=${signingUp ? 'new-password' : 'current-password'} required minlength="8" />
        </label>
        <button class="primary" type="submit" ?disabled=${this.busy}>${signingUp ? 'Create account' : 'Sign in'}</button>
      </form>
      ${this.options.allowSignUp
        ? html`<p>
            ${signingUp
              ? html`Have an account? <button class="link" type="button" @click=${() => this.switchTo('signIn')}>Sign in</button>`
              : html`New here? <button class="link" type="button" @click=${() => this.switchTo('signUp')}>Create an account</button>`}
          </p>`
        : nothing}`;
  }

  private codeForm(): TemplateResult {
    return html`<form @submit=${this.submitCode}>
      <label>Confirmation code <input name="code" inputmode="numeric" autocomplete="one-time-code" required /></label>
      <button class="primary" type="submit" ?disabled=${this.busy}>Confirm</button>
    </form>`;
  }
}
