import { html, nothing, type TemplateResult } from 'lit-html';
import type { AuthField } from './auth-errors';
import { passwordRules, type PasswordPolicy } from './password-rules';

/** The message for each field, at most one; `form` is for what belongs to no single field. */
export type FormErrors = Partial<Record<AuthField, string>>;

interface Common {
  busy: boolean;
  errors: FormErrors;
  email: string;
  password: string;
  policy: PasswordPolicy | null;
  onPassword(event: InputEvent): void;
}

/** The id a field's message has, for its aria-describedby. */
const errorId = (field: AuthField): string => `auth-${field}-error`;

function fieldError(errors: FormErrors, field: AuthField): TemplateResult | typeof nothing {
  const text = errors[field];
  return text ? html`<p class="error field-error" id=${errorId(field)} role="alert">${text}</p>` : nothing;
}

/** aria-describedby for an input: its message when there is one, then any hint ids. */
function describedBy(errors: FormErrors, field: AuthField, ...hints: string[]): string | typeof nothing {
  const ids = [...(errors[field] ? [errorId(field)] : []), ...hints];
  return ids.length ? ids.join(' ') : nothing;
}

function emailField(common: Common): TemplateResult {
  return html`<label for="auth-email">Email</label>
    <input
      id="auth-email"
      name="email"
      type="email"
      autocomplete="username"
      required
      .value=${common.email}
      aria-invalid=${common.errors.email ? 'true' : 'false'}
      aria-describedby=${describedBy(common.errors, 'email')}
    />
    ${fieldError(common.errors, 'email')}`;
}

/** The pool's rules, listed before anything is typed, each ticked off as the password meets it. */
function rulesList(common: Common): TemplateResult | typeof nothing {
  if (!common.policy) return nothing;
  return html`<div id="auth-password-rules">
    <p class="rules-title">Your password needs:</p>
    <ul class="rules">
    ${passwordRules(common.policy).map((rule) => {
      const met = rule.met(common.password);
      return html`<li class=${met ? 'met' : ''} data-rule=${rule.id}><span aria-hidden="true">${met ? '✓' : '○'}</span> ${rule.text}<span class="visually-hidden">${met ? ' (met)' : ''}</span></li>`;
    })}
    </ul>
  </div>`;
}

function passwordField(common: Common, label: string, creating: boolean): TemplateResult {
  const hints = creating && common.policy ? ['auth-password-rules'] : [];
  return html`<label for="auth-password">${label}</label>
    <input
      id="auth-password"
      name="password"
      type="password"
      autocomplete=${creating ? 'new-password' : 'current-password'}
      required
      @input=${common.onPassword}
      aria-invalid=${common.errors.password ? 'true' : 'false'}
      aria-describedby=${describedBy(common.errors, 'password', ...hints)}
    />
    ${fieldError(common.errors, 'password')} ${creating ? rulesList(common) : nothing}`;
}

function codeField(common: Common, label: string): TemplateResult {
  return html`<label for="auth-code">${label}</label>
    <input
      id="auth-code"
      name="code"
      inputmode="numeric"
      autocomplete="one-time-code"
      required
      aria-invalid=${common.errors.code ? 'true' : 'false'}
      aria-describedby=${describedBy(common.errors, 'code')}
    />
    ${fieldError(common.errors, 'code')}`;
}

function submit(common: Common, label: string): TemplateResult {
  return html`${fieldError(common.errors, 'form')}
    <button class="primary" type="submit" ?disabled=${common.busy} aria-describedby=${describedBy(common.errors, 'form')}>${label}</button>`;
}

export function credentialsForm(
  common: Common & { signingUp: boolean; allowSignUp: boolean; onSubmit(event: SubmitEvent): void; onSwitch(mode: 'signIn' | 'signUp' | 'forgot'): void },
): TemplateResult {
  const { signingUp } = common;
  return html`<form @submit=${common.onSubmit}>
      ${emailField(common)} ${passwordField(common, 'Password', signingUp)} ${submit(common, signingUp ? 'Create account' : 'Sign in')}
    </form>
    ${signingUp ? nothing : html`<p><button class="link" type="button" @click=${() => common.onSwitch('forgot')}>Forgot password?</button></p>`}
    ${common.allowSignUp
      ? html`<p>
          ${signingUp
            ? html`Have an account? <button class="link" type="button" @click=${() => common.onSwitch('signIn')}>Sign in</button>`
            : html`New here? <button class="link" type="button" @click=${() => common.onSwitch('signUp')}>Create an account</button>`}
        </p>`
      : nothing}`;
}

export function codeForm(common: Common & { onSubmit(event: SubmitEvent): void; onResend(): void; onBack(): void }): TemplateResult {
  return html`<form @submit=${common.onSubmit}>${codeField(common, 'Confirmation code')} ${submit(common, 'Confirm')}</form>
    <p class="row">
      <button type="button" ?disabled=${common.busy} @click=${common.onResend}>Send a new code</button>
      <button class="link" type="button" @click=${common.onBack}>Back to sign in</button>
    </p>`;
}

export function forgotForm(common: Common & { onSubmit(event: SubmitEvent): void; onBack(): void }): TemplateResult {
  return html`<p>Enter your account's email and we will send you a code to set a new password.</p>
    <form @submit=${common.onSubmit}>${emailField(common)} ${submit(common, 'Send code')}</form>
    <p><button class="link" type="button" @click=${common.onBack}>Back to sign in</button></p>`;
}

export function resetForm(common: Common & { onSubmit(event: SubmitEvent): void; onResend(): void; onBack(): void }): TemplateResult {
  return html`<form @submit=${common.onSubmit}>
      ${codeField(common, 'Code from the email')} ${passwordField(common, 'New password', true)} ${submit(common, 'Set new password')}
    </form>
    <p class="row">
      <button type="button" ?disabled=${common.busy} @click=${common.onResend}>Send a new code</button>
      <button class="link" type="button" @click=${common.onBack}>Back to sign in</button>
    </p>`;
}
