/**
 * What only the deployed stack has, beside the API definition that `npm start` shares: the AWS
 * side of the Lambdas (locally the payments Lambda talks to the payment sandbox: npm start sets its
 * environment) and the WAF limits.
 */
export interface LambdaSecret {
  /** The environment variable that receives the secret's ARN. */
  environmentVariable: string;
  /** The stack output that shows the ARN, so an operator knows where to put the value. */
  output: string;
  description: string;
}

/** The AWS-only side of one function of ApiDefinition.functions. */
export interface FunctionDeployment {
  environment?: Record<string, string>;
  secrets?: LambdaSecret[];
}

/** AWS WAF rate-based limits: requests per key in any five minutes (infra/lib/rate-limits.ts). */
export interface RateLimits {
  apiRequestsPerAddress: number;
  apiRequestsPerCaller: number;
  userPoolRequestsPerAddress: number;
}

export interface DeploymentDefinition {
  /** By function name (ApiDefinition.functions): environment and secrets that exist on AWS only. */
  functions: Record<string, FunctionDeployment>;
  /** Absent: no WAF in front of the API and the user pool. */
  rateLimits?: RateLimits;
}

export const deployment: DeploymentDefinition = {
  functions: {
    payments: {
      environment: { PAYMENT_GATEWAY: 'stripe' },
      secrets: [
        {
          environmentVariable: 'STRIPE_SECRET_ARN',
          output: 'StripeSecretArn',
          description: 'The Stripe secret key (sk_live_... or sk_test_...), the whole SecretString. Put it here after the first deploy.',
        },
      ],
    },
  },
  // A customer's app makes a few requests a minute; a tablet polls nothing (it subscribes). An
  // office of 50 behind one address ordering at 9 a.m. stays far below 2,000 in five minutes.
  rateLimits: { apiRequestsPerAddress: 2000, apiRequestsPerCaller: 600, userPoolRequestsPerAddress: 300 },
};
