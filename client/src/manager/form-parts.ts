import { html, nothing, type TemplateResult } from 'lit-html';

/**
 * Pieces the menu forms share: a message tied to the input it is about, a confirmation asked in
 * place, and focus moved to where the person has to look next.
 */

/** A refusal under its field: announced (role="alert") and named by the input's aria-describedby. */
export const fieldError = (id: string, message: string | undefined): TemplateResult | typeof nothing =>
  message ? html`<p class="error field-error" id=${id} role="alert">${message}</p>` : nothing;

/** The attributes of an input a message may be about. */
export const invalid = (message: string | undefined): 'true' | 'false' => (message ? 'true' : 'false');

export interface Confirmation {
  text: string;
  yes: string;
  proceed(): void;
}

/**
 * A question asked where the button was pressed, not in a browser dialog: it is part of the page,
 * so it is read in order, styled, and testable. Focus goes to it when it appears (focusSoon).
 */
export function confirmView(id: string, confirmation: Confirmation, cancel: () => void): TemplateResult {
  return html`<div class="confirm" role="alertdialog" aria-labelledby=${`${id}-text`} id=${id}>
    <p id=${`${id}-text`}>${confirmation.text}</p>
    <div class="row">
      <button class="danger" type="button" @click=${confirmation.proceed}>${confirmation.yes}</button>
      <button type="button" @click=${cancel}>Keep editing</button>
    </div>
  </div>`;
}

/**
 * Focuses the first element matching `selector` once lit-html has rendered (render is synchronous,
 * but the caller is usually inside the handler that asked for that render).
 */
export function focusSoon(selector: string): void {
  queueMicrotask(() => document.querySelector<HTMLElement>(selector)?.focus());
}
