import type { AuthModeConfig } from '../config';
import type { AdditionalAuthMode, ApiDefinition } from './definitions';

type AdditionalType = Exclude<AuthModeConfig['type'], 'AMAZON_COGNITO_USER_POOLS'>;

/** The AppSync type of an additional mode, written as a name or as a mode with settings. */
export function authModeType(mode: AdditionalAuthMode): AdditionalType {
  return typeof mode === 'string' ? mode : mode.type;
}

/** AppSync's bound on authorizerResultTtlInSeconds (API_LambdaAuthorizerConfig.html). */
const MAX_AUTHORIZER_TTL_SECONDS = 3600;

/**
 * Checks ApiDefinition.authModes.additional the way AppSync's CreateGraphqlApi would: each type
 * once ("an AWS AppSync API can have only one AWS Lambda authorizer configured at a time"), an
 * AWS_LAMBDA authorizer that names a declared function and a TTL in 0..3600, an OPENID_CONNECT
 * issuer that is a URL. Throws one error listing every problem; both the CDK stack and the local
 * boot call it, so a definition that deploys is one that runs.
 */
export function checkAuthModes(definition: Pick<ApiDefinition, 'authModes' | 'functions'>): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  definition.authModes.additional.forEach((mode, index) => {
    const type = authModeType(mode);
    const at = `authModes.additional[${index}] (${type})`;
    if (seen.has(type)) problems.push(`${at}: ${type} is listed twice; an API has each mode once.`);
    seen.add(type);
    if (typeof mode === 'string') return;
    if (mode.type === 'AWS_LAMBDA') {
      if (!definition.functions?.[mode.function]) problems.push(`${at}: function ${mode.function} is not in ApiDefinition.functions.`);
      const ttl = mode.authorizerResultTtlInSeconds;
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_AUTHORIZER_TTL_SECONDS)) problems.push(`${at}: authorizerResultTtlInSeconds must be a whole number from 0 to 3600, not ${ttl}.`);
      if (mode.identityValidationExpression !== undefined) {
        try {
          new RegExp(mode.identityValidationExpression);
        } catch {
          problems.push(`${at}: identityValidationExpression ${JSON.stringify(mode.identityValidationExpression)} is not a regular expression.`);
        }
      }
    } else if (!URL.canParse(mode.issuer)) {
      problems.push(`${at}: issuer ${JSON.stringify(mode.issuer)} is not a URL.`);
    }
  });
  if (problems.length > 0) throw new Error(`Auth modes have ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:\n  - ${problems.join('\n  - ')}`);
}

/**
 * The runtime's config for an additional mode: API_KEY and AWS_IAM from what the caller built
 * (the local key and IAM pair), AWS_LAMBDA with its function's name as authorizerUri (the local
 * Lambda service runs the functions by name), OPENID_CONNECT as declared.
 */
export function toRuntimeAuthMode(mode: AdditionalAuthMode, built: Record<'API_KEY' | 'AWS_IAM', AuthModeConfig>): AuthModeConfig {
  if (typeof mode === 'string') return built[mode];
  if (mode.type === 'AWS_LAMBDA') {
    return {
      type: 'AWS_LAMBDA',
      authorizerUri: mode.function,
      ...(mode.authorizerResultTtlInSeconds !== undefined && { authorizerResultTtlInSeconds: mode.authorizerResultTtlInSeconds }),
      ...(mode.identityValidationExpression !== undefined && { identityValidationExpression: mode.identityValidationExpression }),
    };
  }
  return { ...mode };
}
