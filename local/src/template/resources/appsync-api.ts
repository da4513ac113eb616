import { createHash } from 'node:crypto';
import type { ApiKeyConfig, AuthModeConfig } from '../../config';
import { newApiKey } from '../../services/local-state';
import { arn, type TemplateContext } from '../context';
import { LOCAL_ACCOUNT, Unresolved, resolveValue } from '../intrinsics';
import type { TemplateResource } from '../parse';
import type { TemplateState } from '../state';

/**
 * AWS::AppSync::GraphQLApi and AWS::AppSync::ApiKey: the API's identity (Ref is its ARN;
 * GetAtt ApiId, Arn, GraphQLUrl, RealTimeUrl, GraphQLDns, RealTimeDns, per
 * aws-resource-appsync-graphqlapi.html), its keys and its authorization modes.
 */

export interface TemplateApi {
  logicalId: string;
  apiId: string;
  name: string;
  /**
   * The API's properties, resolved by resolveApiProperties once the functions are registered:
   * its authorizer names a function whose environment may name the API's URL.
   */
  props: Record<string, unknown>;
  resource: TemplateResource;
  /** Filled in once the API's server listens; Lambda environments read them on first invocation. */
  urls: { graphql?: string; realtime?: string };
  apiKeys: ApiKeyConfig[];
}

/** AppSync API ids are 26 lowercase letters and digits; a stable one per stack and logical id. */
export function localApiId(stackName: string, logicalId: string): string {
  return createHash('sha256').update(`${stackName}/${logicalId}`).digest('hex').slice(0, 26);
}

/** Before the server listens a Lambda environment is only checked, so it sees a placeholder. */
const NOT_YET = 'http://127.0.0.1:0/graphql';

export function registerApis(ctx: TemplateContext): TemplateApi[] {
  const apis: TemplateApi[] = [];
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::AppSync::GraphQLApi')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const name = resolveValue(resource.Properties?.Name, ctx);
      const apiId = localApiId(ctx.options.stackName, logicalId);
      const api: TemplateApi = { logicalId, apiId, name: typeof name === 'string' ? name : logicalId, props: {}, resource, urls: {}, apiKeys: [] };
      const graphql = (): string => api.urls.graphql ?? NOT_YET;
      const realtime = (): string => api.urls.realtime ?? NOT_YET.replace(/^http/, 'ws');
      const apiArn = arn('appsync', ctx.options.region, `apis/${apiId}`);
      ctx.physical.set(logicalId, {
        ref: apiArn,
        attributes: {
          ApiId: apiId,
          Arn: apiArn,
          GraphQLUrl: graphql,
          RealTimeUrl: realtime,
          GraphQLDns: () => new URL(graphql()).host,
          RealTimeDns: () => new URL(realtime()).host,
          // EventBridge's AppSync targets name the API by this form (on AWS its id is the GraphQL host's).
          GraphQLEndpointArn: arn('appsync', ctx.options.region, `endpoints/graphql-api/${apiId}`),
        },
      });
      apis.push(api);
    });
  }
  return apis;
}

/** Each key keeps its id across starts while unexpired; the template's Expires is honoured when still ahead. */
export function registerApiKeys(ctx: TemplateContext, apis: TemplateApi[], state: TemplateState): void {
  const now = Date.now() / 1000;
  for (const [logicalId, resource] of ctx.resourcesOf('AWS::AppSync::ApiKey')) {
    ctx.attempt(logicalId, resource.Type, () => {
      const props = ctx.properties(resource);
      const api = apis.find((a) => a.apiId === props.ApiId);
      if (!api) throw new Unresolved(`ApiId ${String(props.ApiId)} names no API served here`, 'Point ApiId at an AWS::AppSync::GraphQLApi of this template.');
      const wanted = Number(props.Expires);
      let key = state.apiKeys[logicalId];
      if (!key || key.expires <= now) {
        // AppSync's default lifetime is 7 days (aws-resource-appsync-apikey.html, Expires).
        key = Number.isFinite(wanted) && wanted > now ? { id: newApiKey(7).id, expires: wanted } : newApiKey(7);
        state.apiKeys[logicalId] = key;
      }
      api.apiKeys.push({ id: key.id, expires: key.expires, ...(typeof props.Description === 'string' && { description: props.Description }) });
      ctx.physical.set(logicalId, { ref: arn('appsync', ctx.options.region, `apis/${api.apiId}/apikeys/${key.id}`), attributes: { ApiKey: key.id, ApiKeyId: key.id, Arn: arn('appsync', ctx.options.region, `apis/${api.apiId}/apikeys/${key.id}`) } });
    });
  }
}

export interface AuthServices {
  issuerFor(userPoolId: string): string;
  jwksUriFor(userPoolId: string): string;
  iam: { accessKeyId: string; secretAccessKey: string };
  region: string;
}

/** One AuthenticationType with its settings, as the runtime verifies it. */
export function toAuthMode(
  type: string,
  settings: Record<string, unknown>,
  api: TemplateApi,
  services: AuthServices,
  isDefault: boolean,
): AuthModeConfig {
  switch (type) {
    case 'API_KEY':
      return { type: 'API_KEY', keys: api.apiKeys };
    case 'AMAZON_COGNITO_USER_POOLS': {
      const config = (settings.UserPoolConfig ?? {}) as Record<string, unknown>;
      const userPoolId = config.UserPoolId;
      if (typeof userPoolId !== 'string') throw new Unresolved(`the ${type} mode names no UserPoolId`, 'Set UserPoolConfig.UserPoolId to a Ref of an AWS::Cognito::UserPool in this template.');
      return {
        type,
        userPoolId,
        issuer: services.issuerFor(userPoolId),
        jwksUri: services.jwksUriFor(userPoolId),
        ...(typeof config.AppIdClientRegex === 'string' && { appIdClientRegex: config.AppIdClientRegex }),
        ...(isDefault && { defaultAction: config.DefaultAction === 'DENY' ? ('DENY' as const) : ('ALLOW' as const) }),
      };
    }
    case 'AWS_IAM':
      return {
        type,
        region: services.region,
        credentials: [{ ...services.iam, userArn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local-backend`, accountId: LOCAL_ACCOUNT }],
      };
    case 'AWS_LAMBDA': {
      // LambdaAuthorizerConfig (aws-properties-appsync-graphqlapi-lambdaauthorizerconfig.html).
      const config = (settings.LambdaAuthorizerConfig ?? {}) as Record<string, unknown>;
      if (typeof config.AuthorizerUri !== 'string') throw new Unresolved('the AWS_LAMBDA mode names no LambdaAuthorizerConfig.AuthorizerUri', 'Point it at a function of this template.');
      return {
        type,
        authorizerUri: config.AuthorizerUri,
        ...(config.AuthorizerResultTtlInSeconds !== undefined && { authorizerResultTtlInSeconds: Number(config.AuthorizerResultTtlInSeconds) }),
        ...(typeof config.IdentityValidationExpression === 'string' && { identityValidationExpression: config.IdentityValidationExpression }),
      };
    }
    case 'OPENID_CONNECT': {
      // OpenIDConnectConfig (aws-properties-appsync-graphqlapi-openidconnectconfig.html); the issuer must be reachable from here.
      const config = (settings.OpenIDConnectConfig ?? {}) as Record<string, unknown>;
      if (typeof config.Issuer !== 'string') throw new Unresolved('the OPENID_CONNECT mode names no OpenIDConnectConfig.Issuer', 'Fix the template.');
      return {
        type,
        issuer: config.Issuer,
        ...(typeof config.ClientId === 'string' && { clientId: config.ClientId }),
        ...(config.IatTTL !== undefined && { iatTTL: Number(config.IatTTL) }),
        ...(config.AuthTTL !== undefined && { authTTL: Number(config.AuthTTL) }),
      };
    }
    default:
      throw new Unresolved(`authorization mode ${type} is not supported locally`, 'Use API_KEY, AMAZON_COGNITO_USER_POOLS, AWS_IAM, AWS_LAMBDA or OPENID_CONNECT; requests in this mode are refused.');
  }
}

export function resolveApiProperties(ctx: TemplateContext, api: TemplateApi): void {
  api.props = ctx.properties(api.resource);
}

/** The API's default and additional modes; an additional mode that cannot run is reported and left out. */
export function authModes(ctx: TemplateContext, api: TemplateApi, services: AuthServices): { defaultAuth: AuthModeConfig; additionalAuth: AuthModeConfig[] } {
  const defaultAuth = toAuthMode(String(api.props.AuthenticationType), api.props, api, services, true);
  const additionalAuth: AuthModeConfig[] = [];
  for (const provider of (api.props.AdditionalAuthenticationProviders as Array<Record<string, unknown>> | undefined) ?? []) {
    const mode = ctx.attempt(api.logicalId, 'AWS::AppSync::GraphQLApi', () => toAuthMode(String(provider.AuthenticationType), provider, api, services, false));
    if (mode) additionalAuth.push(mode);
  }
  return { defaultAuth, additionalAuth };
}
