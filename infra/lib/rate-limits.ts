import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { RateLimits } from '../api/deployment';

/**
 * AWS WAF in front of the API and the user pool: AppSync itself has no per-caller throttle (its
 * quotas are per API, shared by everyone), and a Cognito user pool takes free sign-ups from
 * anyone. Rate-based rules count requests per key over a rolling five-minute window and block a
 * key past its limit until it slows down:
 *   - per source address, on the API and on the user pool (sign-ups, sign-ins, code requests);
 *   - per Authorization header on the API, so one account spread over many addresses is still one
 *     key (WAF's custom aggregation keys).
 * The API's own per-account limits (active orders, placements per hour) hold whatever reaches it.
 */
export function protectWithRateLimits(scope: Construct, api: GraphqlApi, userPool: UserPool, limits: RateLimits): void {
  const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
  const byAddress = (name: string, limit: number, priority: number): CfnWebACL.RuleProperty => ({
    name,
    priority,
    action: { block: {} },
    statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
    visibilityConfig: visibility(name),
  });
  const apiAcl = new CfnWebACL(scope, 'ApiRateLimits', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('ApiRateLimits'),
    rules: [
      byAddress('PerAddress', limits.apiRequestsPerAddress, 0),
      {
        name: 'PerCaller',
        priority: 1,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit: limits.apiRequestsPerCaller,
            aggregateKeyType: 'CUSTOM_KEYS',
            evaluationWindowSec: 300,
            customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
          },
        },
        visibilityConfig: visibility('PerCaller'),
      },
    ],
  });
  new CfnWebACLAssociation(scope, 'ApiRateLimitsAssociation', { resourceArn: api.arn, webAclArn: apiAcl.attrArn });

  const poolAcl = new CfnWebACL(scope, 'UserPoolRateLimits', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('UserPoolRateLimits'),
    rules: [byAddress('PerAddress', limits.userPoolRequestsPerAddress, 0)],
  });
  new CfnWebACLAssociation(scope, 'UserPoolRateLimitsAssociation', { resourceArn: userPool.userPoolArn, webAclArn: poolAcl.attrArn });
}
