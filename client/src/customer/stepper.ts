import { html, type TemplateResult } from 'lit-html';

export interface StepperProps {
  id: string;
  /** The field's label ("Quantity", "Extra shot (+€0.60)"). */
  label: string;
  /** Shown, or only read to screen readers (a cart line's quantity beside its text). */
  showLabel: boolean;
  /** What the buttons add or take away: "One more {what}". */
  what: string;
  value: number;
  min: number;
  max: number;
  set(value: number): void;
}

/**
 * A number with − and + buttons, bounded both ways. Typing changes the price as each digit lands
 * (input, not change); a value out of bounds is put back in bounds when the field is left.
 */
export function stepper(props: StepperProps): TemplateResult {
  const { id, value, min, max } = props;
  const typed = (event: Event): number | null => {
    const number = Number((event.target as HTMLInputElement).value);
    return Number.isInteger(number) && (event.target as HTMLInputElement).value !== '' ? number : null;
  };
  return html`<div class="stepper">
    <label for=${id} class=${props.showLabel ? '' : 'visually-hidden'}>${props.label}</label>
    <div class="stepper-controls">
      <button type="button" class="step" aria-label=${`One fewer ${props.what}`} ?disabled=${value <= min} @click=${() => props.set(Math.max(min, value - 1))}>−</button>
      <input
        id=${id}
        type="number"
        inputmode="numeric"
        min=${min}
        max=${max}
        .value=${String(value)}
        @input=${(event: Event) => {
          const number = typed(event);
          if (number !== null && number >= min && number <= max) props.set(number);
        }}
        @change=${(event: Event) => {
          const number = typed(event) ?? value;
          const bounded = Math.min(max, Math.max(min, number));
          (event.target as HTMLInputElement).value = String(bounded);
          props.set(bounded);
        }}
      />
      <button type="button" class="step" aria-label=${`One more ${props.what}`} ?disabled=${value >= max} @click=${() => props.set(Math.min(max, value + 1))}>+</button>
    </div>
  </div>`;
}
