import { apiOutputs } from '../services/amplify-outputs';
import type { LoadedTemplate, ServedApi } from './index';

/**
 * amplify_outputs.json for one served API, in the Amplify Gen 2 format (1.3) `npm start` writes
 * (services/amplify-outputs.ts), from the template instead of a project definition: the pool
 * the API's user-pool mode names (else the template's first), its first client, its groups and
 * password policy. Local endpoints Amplify cannot express sit under `custom.local`.
 */
export function templateAmplifyOutputs(
  loaded: LoadedTemplate,
  served: ServedApi,
  endpoints: { graphqlUrl: string; realtimeUrl: string; cognitoEndpoint: string; dynamodbEndpoint: string; region: string; caCertificatePath?: string },
): Record<string, unknown> {
  const { config } = served;
  const modes = [config.defaultAuth, ...config.additionalAuth];
  const poolMode = modes.find((m) => m.type === 'AMAZON_COGNITO_USER_POOLS');
  const pools = Object.values(loaded.pools.pools);
  const pool = (poolMode && pools.find((p) => p.userPoolId === poolMode.userPoolId)) ?? pools[0];
  const keyMode = modes.find((m) => m.type === 'API_KEY');
  const apiKey = keyMode?.type === 'API_KEY' ? keyMode.keys[0]?.id : undefined;
  const policy = ((pool?.props.Policies as Record<string, unknown> | undefined)?.PasswordPolicy ?? {}) as Record<string, unknown>;
  const usernameAttributes = (pool?.props.UsernameAttributes as string[] | undefined) ?? [];
  return {
    version: '1.3',
    ...(pool && {
      auth: {
        aws_region: endpoints.region,
        user_pool_id: pool.userPoolId,
        ...(pool.clients[0] && { user_pool_client_id: pool.clients[0] }),
        username_attributes: usernameAttributes,
        standard_required_attributes: usernameAttributes.includes('email') ? ['email'] : [],
        user_verification_types: ((pool.props.AutoVerifiedAttributes as string[] | undefined) ?? []).map((a) => (a === 'phone_number' ? 'phone_number' : a)),
        unauthenticated_identities_enabled: false,
        mfa_configuration: (pool.props.MfaConfiguration as string | undefined) ?? 'NONE',
        // Cognito's defaults when the template sets no policy (aws-properties-cognito-userpool-passwordpolicy.html).
        password_policy: {
          min_length: Number(policy.MinimumLength ?? 8),
          require_lowercase: policy.RequireLowercase !== false,
          require_uppercase: policy.RequireUppercase !== false,
          require_numbers: policy.RequireNumbers !== false,
          require_symbols: policy.RequireSymbols !== false,
        },
        groups: pool.groups.map((g) => ({ [g.name]: { precedence: g.precedence ?? 0 } })),
      },
    }),
    ...apiOutputs({
      region: endpoints.region,
      endpoints,
      apiKey,
      defaultAuthorizationType: config.defaultAuth.type,
      authorizationTypes: config.additionalAuth.map((m) => m.type),
      ...(endpoints.caCertificatePath ? { caCertificatePath: endpoints.caCertificatePath } : {}),
    }),
  };
}
