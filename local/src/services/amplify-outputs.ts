import type { ApiDefinition } from '../project/definitions';
import { authModeType } from '../project/auth-modes';

export interface LocalEndpoints {
  graphqlUrl: string;
  realtimeUrl: string;
  cognitoEndpoint: string;
  dynamodbEndpoint: string;
}

/**
 * amplify_outputs.json in Amplify Gen 2's format (version 1.3), so `Amplify.configure(outputs)`
 * works unchanged. What that format cannot say — Cognito's custom endpoint, the DynamoDB
 * endpoint, the local CA — sits under `custom.local`; local-mode clients read it from there.
 */
export function amplifyOutputs(options: {
  definition: ApiDefinition;
  region: string;
  userPoolId: string;
  clientId: string;
  apiKey: string | undefined;
  endpoints: LocalEndpoints;
  caCertificatePath?: string;
  /** Further local endpoints of the project's own (a payment sandbox, say), under custom.local. */
  extra?: Record<string, string>;
}): Record<string, unknown> {
  const { definition, endpoints } = options;
  const policy = definition.userPool.passwordPolicy;
  return {
    version: '1.3',
    auth: {
      aws_region: options.region,
      user_pool_id: options.userPoolId,
      user_pool_client_id: options.clientId,
      username_attributes: [definition.userPool.signInWith],
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'NONE',
      password_policy: {
        min_length: policy.minLength,
        require_lowercase: policy.requireLowercase,
        require_uppercase: policy.requireUppercase,
        require_numbers: policy.requireDigits,
        require_symbols: policy.requireSymbols,
      },
      groups: definition.userPool.groups.map((g) => ({ [g.name]: { precedence: g.precedence ?? 0 } })),
    },
    ...apiOutputs({
      region: options.region,
      endpoints,
      apiKey: options.apiKey,
      defaultAuthorizationType: definition.authModes.default,
      authorizationTypes: definition.authModes.additional.map(authModeType),
      ...(options.caCertificatePath ? { caCertificatePath: options.caCertificatePath } : {}),
      ...(options.extra ? { extra: options.extra } : {}),
    }),
  };
}

/**
 * The `data` section (the API, its key and auth modes) and `custom.local` (what Amplify's format
 * cannot say): the same for `npm start`'s project and for a served template (template/outputs.ts).
 */
export function apiOutputs(options: {
  region: string;
  endpoints: LocalEndpoints;
  apiKey: string | undefined;
  defaultAuthorizationType: string;
  authorizationTypes: string[];
  caCertificatePath?: string;
  extra?: Record<string, string>;
}): { data: Record<string, unknown>; custom: { local: Record<string, string> } } {
  const { endpoints } = options;
  return {
    data: {
      aws_region: options.region,
      url: endpoints.graphqlUrl,
      ...(options.apiKey ? { api_key: options.apiKey } : {}),
      default_authorization_type: options.defaultAuthorizationType,
      authorization_types: options.authorizationTypes,
    },
    custom: {
      local: {
        cognitoEndpoint: endpoints.cognitoEndpoint,
        realtimeUrl: endpoints.realtimeUrl,
        dynamodbEndpoint: endpoints.dynamodbEndpoint,
        authFlowType: 'USER_PASSWORD_AUTH',
        ...(options.caCertificatePath ? { caCertificatePath: options.caCertificatePath } : {}),
        ...options.extra,
      },
    },
  };
}
