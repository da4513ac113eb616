/** Test cards of the local payment sandbox (payment-sandbox/README.md), listed on the page in local mode. */
export const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'succeeds' },
  { number: '4000 0000 0000 0002', outcome: 'is declined' },
  { number: '4000 0000 0000 9995', outcome: 'has insufficient funds' },
  { number: '4000 0000 0000 0119', outcome: 'gets a gateway error' },
] as const;

/**
 * Sends the card to the gateway's tokenization endpoint from the browser, so the number never
 * reaches the API: only the returned token does. The sandbox answers Stripe-shaped errors.
 */
export async function tokenizeCard(url: string, card: { number: string; expiry: string; cvc: string }): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: { number: card.number.replace(/\s+/g, ''), expiry: card.expiry.trim(), cvc: card.cvc.trim() } }),
  });
  const body = (await response.json()) as { id?: string; error?: { message?: string } };
  if (!body.id) throw new Error(body.error?.message ?? 'The card could not be checked. Please check the number, expiry and CVC.');
  return body.id;
}
