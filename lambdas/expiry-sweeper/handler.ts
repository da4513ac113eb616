import { iamGraphqlClient } from './iam-graphql';
import { sweepOverdueOrders, type SweepResult } from './sweep';

/**
 * The expiry sweeper Lambda, run on a schedule (EventBridge): expires READY orders nobody
 * collected within the store's collection window, and settles what is due (stale payments and
 * refunds, orders left unpaid), through the API over IAM.
 *
 * Environment:
 *   GRAPHQL_URL   the API's GraphQL endpoint
 *   AWS_REGION    set by Lambda; the region the request is signed for
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN   the function role's credentials,
 *                 set by Lambda; the role needs appsync:GraphQL on Query/overdueOrders,
 *                 Query/dueOrders, Mutation/expireOrder and Mutation/settleOrder
 */
export async function handler(): Promise<SweepResult> {
  const env = process.env;
  const graphqlUrl = required(env, 'GRAPHQL_URL');
  const result = await sweepOverdueOrders(
    iamGraphqlClient({
      graphqlUrl,
      region: required(env, 'AWS_REGION'),
      credentials: {
        accessKeyId: required(env, 'AWS_ACCESS_KEY_ID'),
        secretAccessKey: required(env, 'AWS_SECRET_ACCESS_KEY'),
        sessionToken: env.AWS_SESSION_TOKEN,
      },
    }),
  );
  console.log(JSON.stringify({ expired: result.expired.length, settled: result.settled.length, skipped: result.skipped }));
  return result;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`The expiry sweeper needs the environment variable ${name}.`);
  return value;
}
