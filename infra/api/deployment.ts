/**
 * What only the deployed stack has, beside the API definition that `npm start` shares: the AWS
 * side of the Lambdas. Locally the payments Lambda talks to the payment sandbox (npm start sets
 * its environment) and npm start runs the expiry sweep itself.
 */
export interface LambdaSecret {
  /** The environment variable that receives the secret's ARN. */
  environmentVariable: string;
  /** The stack output that shows the ARN, so an operator knows where to put the value. */
  output: string;
  description: string;
}

export interface ScheduledFunction {
  /** Module path relative to the project root. */
  handler: string;
  export: string;
  timeoutSeconds: number;
  everyMinutes: number;
  /** The environment variable that receives the API's GraphQL URL. */
  graphqlUrlVariable: string;
  /** The only API fields the function's role may call (appsync:GraphQL, IAM auth). */
  apiAccess: { Query?: string[]; Mutation?: string[] };
}

/** AWS WAF rate-based limits: requests per key in any five minutes (infra/lib/rate-limits.ts). */
export interface RateLimits {
  apiRequestsPerAddress: number;
  apiRequestsPerCaller: number;
  userPoolRequestsPerAddress: number;
}

export interface DeploymentDefinition {
  /** By data source name: environment and secrets of AWS_LAMBDA data sources on AWS. */
  lambdaDataSources: Record<string, { environment?: Record<string, string>; secrets?: LambdaSecret[] }>;
  /** By name: Lambdas EventBridge runs on a schedule, calling the API over IAM. */
  scheduledFunctions: Record<string, ScheduledFunction>;
  /** Absent: no WAF in front of the API and the user pool. */
  rateLimits?: RateLimits;
}

export const deployment: DeploymentDefinition = {
  lambdaDataSources: {
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
  scheduledFunctions: {
    ExpirySweeper: {
      handler: 'lambdas/expiry-sweeper/handler.ts',
      export: 'handler',
      timeoutSeconds: 60,
      everyMinutes: 1,
      graphqlUrlVariable: 'GRAPHQL_URL',
      apiAccess: { Query: ['overdueOrders', 'dueOrders'], Mutation: ['expireOrder', 'settleOrder'] },
    },
  },
  // A customer's app makes a few requests a minute; a tablet polls nothing (it subscribes). An
  // office of 50 behind one address ordering at 9 a.m. stays far below 2,000 in five minutes.
  rateLimits: { apiRequestsPerAddress: 2000, apiRequestsPerCaller: 600, userPoolRequestsPerAddress: 300 },
};
