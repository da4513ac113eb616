import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let cached: Promise<string> | undefined;

/**
 * The Stripe secret key, from the Secrets Manager secret whose ARN the stack puts in
 * STRIPE_SECRET_ARN. The SecretString is the key itself (sk_live_... or sk_test_...). Read once per
 * execution environment: a rotated key reaches new environments, and a failed read is retried
 * by the next invocation instead of being cached.
 */
export function stripeSecretKey(secretArn: string): Promise<string> {
  cached ??= new SecretsManagerClient({})
    .send(new GetSecretValueCommand({ SecretId: secretArn }))
    .then((secret) => {
      const key = secret.SecretString?.trim();
      if (!key) throw new Error(`The secret ${secretArn} has no SecretString; put the Stripe secret key in it.`);
      return key;
    });
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
