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

export interface DeploymentDefinition {
  /** By data source name: environment and secrets of AWS_LAMBDA data sources on AWS. */
  lambdaDataSources: Record<string, { environment?: Record<string, string>; secrets?: LambdaSecret[] }>;
  /** By name: Lambdas EventBridge runs on a schedule, calling the API over IAM. */
  scheduledFunctions: Record<string, ScheduledFunction>;
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
};
