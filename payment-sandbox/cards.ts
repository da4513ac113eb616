import validator from 'card-validator';

/**
 * Card checks at tokenization and the well-known test cards (Stripe's numbers where Stripe has
 * one). The behaviour of a test card is decided here, from the number, and stored on the token,
 * so nothing downstream ever needs the number again.
 */

export type CardBehavior =
  /** The charge succeeds. Also every other valid number that is not a test card. */
  | 'succeed'
  | 'decline'
  | 'insufficient_funds'
  /** Every charge answers 500 and charges nothing, as if the gateway failed before executing. */
  | 'processing_error'
  /** The first charge is made but its answer is lost (the connection drops); later ones are normal. */
  | 'lose_first_response';

export const TEST_CARDS: Readonly<Record<string, CardBehavior>> = {
  '4242424242424242': 'succeed',
  '5555555555554444': 'succeed',
  '378282246310005': 'succeed',
  '4000000000000002': 'decline',
  '4000000000009995': 'insufficient_funds',
  '4000000000000119': 'processing_error',
  '4000000000001000': 'lose_first_response',
};

/** Brand names as Stripe writes them in payment_method_details.card.brand. */
const BRANDS: Record<string, string> = {
  visa: 'visa',
  mastercard: 'mastercard',
  'american-express': 'amex',
  discover: 'discover',
  'diners-club': 'diners',
  jcb: 'jcb',
  unionpay: 'unionpay',
};

export interface CardInput {
  number?: unknown;
  /** "MM/YY" (or "MM/YYYY"), as a payment form shows it. */
  expiry?: unknown;
  /** Stripe's fields, accepted as an alternative to `expiry`. */
  exp_month?: unknown;
  exp_year?: unknown;
  cvc?: unknown;
}

/** What survives tokenization: never the number, only what a receipt may show. */
export interface CheckedCard {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  behavior: CardBehavior;
}

/** Stripe's card_error codes and messages for the checks tokenization makes. */
export type CardProblem =
  | { code: 'incorrect_number'; param: 'number'; message: 'Your card number is incorrect.' }
  | { code: 'invalid_expiry_year'; param: 'exp_year'; message: "Your card's expiration year is invalid." }
  | { code: 'expired_card'; param: 'exp_month'; message: 'Your card has expired.' }
  | { code: 'invalid_cvc'; param: 'cvc'; message: "Your card's security code is invalid." };

const asText = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');

/** Month and four-digit year from "MM/YY", "MM/YYYY" or Stripe's two fields; null when malformed. */
function expiryOf(card: CardInput): { month: number; year: number } | null {
  const text = card.expiry !== undefined ? asText(card.expiry) : `${asText(card.exp_month)}/${asText(card.exp_year)}`;
  const match = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(text);
  if (!match) return null;
  const month = Number(match[1]);
  const year = Number(match[2]);
  return month >= 1 && month <= 12 ? { month, year: year < 100 ? 2000 + year : year } : null;
}

function isPast(expiry: { month: number; year: number }): boolean {
  const now = new Date();
  return expiry.year * 12 + expiry.month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
}

/** Checks number (Luhn and brand), expiry (MM/YY, not past) and CVC (3 digits, 4 for Amex). */
export function checkCard(card: CardInput): { card: CheckedCard } | { problem: CardProblem } {
  const number = asText(card.number).replace(/[\s-]/g, '');
  const checked = validator.number(number);
  if (!/^\d+$/.test(number) || !checked.isValid || !checked.card) {
    return { problem: { code: 'incorrect_number', param: 'number', message: 'Your card number is incorrect.' } };
  }
  const expiry = expiryOf(card);
  // card-validator decides validity (not past, not absurdly far ahead); the message says which.
  if (!expiry || !validator.expirationDate({ month: String(expiry.month), year: String(expiry.year) }).isValid) {
    return expiry && isPast(expiry)
      ? { problem: { code: 'expired_card', param: 'exp_month', message: 'Your card has expired.' } }
      : { problem: { code: 'invalid_expiry_year', param: 'exp_year', message: "Your card's expiration year is invalid." } };
  }
  const cvc = asText(card.cvc);
  if (!/^\d+$/.test(cvc) || !validator.cvv(cvc, checked.card.code.size).isValid) {
    return { problem: { code: 'invalid_cvc', param: 'cvc', message: "Your card's security code is invalid." } };
  }
  return {
    card: {
      brand: BRANDS[checked.card.type] ?? checked.card.type,
      last4: number.slice(-4),
      expMonth: expiry.month,
      expYear: expiry.year,
      behavior: TEST_CARDS[number] ?? 'succeed',
    },
  };
}
