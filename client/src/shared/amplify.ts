import { Amplify } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { showCertificateHintIfUnreachable } from './certificate-hint';
import { policyFromOutputs, type PasswordPolicy } from './password-rules';

/** What `npm start` adds under custom.local in amplify_outputs.json (absent on AWS). */
export interface LocalSettings {
  cognitoEndpoint?: string;
  realtimeUrl?: string;
  authFlowType?: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
  paymentTokenizeUrl?: string;
}

export interface AppSettings {
  local: LocalSettings | null;
  /** Where the browser tokenizes a card: the sandbox locally; on AWS, whatever custom.paymentTokenizeUrl says. */
  tokenizeUrl: string | null;
  authFlowType: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
  hasApiKey: boolean;
  /** The user pool's password rules, from `auth.password_policy`; null when the outputs carry none. */
  passwordPolicy: PasswordPolicy | null;
  /** The app's client id: Amplify's token keys in localStorage are named after it. */
  userPoolClientId: string | null;
  graphqlUrl: string | null;
}

type Outputs = Parameters<typeof Amplify.configure>[0] & {
  data?: { api_key?: string; url?: string };
  auth?: { password_policy?: unknown; user_pool_client_id?: string };
  custom?: { local?: LocalSettings; paymentTokenizeUrl?: string };
};

/**
 * Loads amplify_outputs.json from the serving origin and configures Amplify with it unchanged.
 * Locally the user pool is cognito-local, which Gen 2's format cannot name, so its endpoint is
 * set afterwards on Auth.Cognito.userPoolEndpoint (Amplify's own setting for a custom endpoint);
 * cognito-local has no SRP, so local sign-in uses USER_PASSWORD_AUTH.
 */
export async function configureAmplify(): Promise<AppSettings> {
  const response = await fetch('/amplify_outputs.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`amplify_outputs.json could not be loaded (${response.status}). Is npm start running?`);
  const outputs = (await response.json()) as Outputs;
  const local = outputs.custom?.local ?? null;
  const resources = parseAmplifyConfig(outputs);
  if (local?.cognitoEndpoint && resources.Auth?.Cognito) resources.Auth.Cognito.userPoolEndpoint = local.cognitoEndpoint;
  Amplify.configure(resources);
  const graphqlUrl = outputs.data?.url ?? null;
  if (local && graphqlUrl) showCertificateHintIfUnreachable({ graphqlUrl, realtimeUrl: local.realtimeUrl ?? null });
  return {
    local,
    tokenizeUrl: local?.paymentTokenizeUrl ?? outputs.custom?.paymentTokenizeUrl ?? null,
    authFlowType: local?.authFlowType ?? 'USER_SRP_AUTH',
    hasApiKey: Boolean(outputs.data?.api_key),
    passwordPolicy: policyFromOutputs(outputs.auth?.password_policy),
    userPoolClientId: outputs.auth?.user_pool_client_id ?? null,
    graphqlUrl,
  };
}
