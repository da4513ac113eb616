import Stripe from 'stripe';
import type { PaymentRequest, PaymentResult } from './contract';
import type { PaymentGateway } from './gateway';
import { SandboxGateway } from './sandbox-gateway';
import { stripeSecretKey } from './secret';
import { StripeGateway } from './stripe-gateway';

/**
 * The payments Lambda behind the `payments` data source: payOrder and cancelOrder invoke it with
 * a PaymentRequest (contract.ts) and get a PaymentResult back.
 *
 * Environment:
 *   PAYMENT_GATEWAY      sandbox | stripe
 *   PAYMENT_SANDBOX_URL  the local sandbox's base URL (sandbox only), e.g. http://127.0.0.1:4010
 *   PAYMENT_SANDBOX_SECRET_KEY  the local sandbox's secret key (sandbox only; <dataDir>/secret-key)
 *   STRIPE_SECRET_ARN    the Secrets Manager secret holding the Stripe secret key (stripe only)
 */

/** What is left for the gateway call: the function's remaining time less a margin to answer in. */
const ANSWER_MARGIN_MS = 1_000;
const MAX_GATEWAY_MS = 8_000;
const MIN_GATEWAY_MS = 500;

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

let gateway: Promise<PaymentGateway> | undefined;

async function createGateway(env: NodeJS.ProcessEnv): Promise<PaymentGateway> {
  switch (env.PAYMENT_GATEWAY) {
    case 'sandbox': {
      const url = env.PAYMENT_SANDBOX_URL;
      if (!url) throw new Error('PAYMENT_GATEWAY is sandbox but PAYMENT_SANDBOX_URL is not set.');
      const key = env.PAYMENT_SANDBOX_SECRET_KEY;
      if (!key) throw new Error('PAYMENT_GATEWAY is sandbox but PAYMENT_SANDBOX_SECRET_KEY is not set.');
      return new SandboxGateway(url.replace(/\/+$/, ''), key);
    }
    case 'stripe': {
      const arn = env.STRIPE_SECRET_ARN;
      if (!arn) throw new Error('PAYMENT_GATEWAY is stripe but STRIPE_SECRET_ARN is not set.');
      // One SDK retry on a network failure: safe, every call carries our idempotency key.
      return new StripeGateway(new Stripe(await stripeSecretKey(arn), { maxNetworkRetries: 1 }));
    }
    default:
      throw new Error(`PAYMENT_GATEWAY must be "sandbox" or "stripe", not ${JSON.stringify(env.PAYMENT_GATEWAY ?? null)}.`);
  }
}

function gatewayForEnvironment(): Promise<PaymentGateway> {
  gateway ??= createGateway(process.env);
  gateway.catch(() => {
    gateway = undefined;
  });
  return gateway;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isAmount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** The resolvers build the request; one that breaks the contract is a bug, reported as one. */
function checked(event: unknown): PaymentRequest {
  const request = (event ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const need = (field: string, ok: boolean) => {
    if (!ok) problems.push(field);
  };
  need('orderId', isText(request.orderId));
  if (request.action !== 'lookupCharge') need('amount', isAmount(request.amount));
  need('idempotencyKey', isText(request.idempotencyKey));
  if (request.action === 'lookupCharge') {
    need('since', typeof request.since === 'number' && Number.isSafeInteger(request.since) && request.since > 0);
  } else if (request.action === 'charge') {
    need('customerId', isText(request.customerId));
    need('currency', isText(request.currency));
    need('cardToken', isText(request.cardToken));
  } else if (request.action === 'refund') {
    need('chargeId', isText(request.chargeId));
  } else {
    problems.push('action');
  }
  if (problems.length > 0) throw new Error(`Invalid payment request: bad or missing ${problems.join(', ')}.`);
  return request as unknown as PaymentRequest;
}

export async function handler(event: unknown, context?: LambdaContext): Promise<PaymentResult> {
  const request = checked(event);
  const payments = await gatewayForEnvironment();
  const remaining = context ? context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS : MAX_GATEWAY_MS;
  const options = { timeoutMs: Math.max(MIN_GATEWAY_MS, Math.min(MAX_GATEWAY_MS, remaining)) };
  switch (request.action) {
    case 'charge':
      return payments.charge(request, options);
    case 'refund':
      return payments.refund(request, options);
    case 'lookupCharge':
      return payments.findCharge(request, options);
  }
}
