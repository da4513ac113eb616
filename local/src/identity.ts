import type { AuthModeType } from './config';

/** ctx.identity for AMAZON_COGNITO_USER_POOLS (and OIDC-like JWT modes), shaped as AppSync sends it. */
export interface CognitoIdentity {
  sub: string;
  issuer: string;
  username: string;
  claims: Record<string, unknown>;
  sourceIp: string[];
  defaultAuthStrategy: 'ALLOW' | 'DENY';
  groups: string[] | null;
}

/** ctx.identity for AWS_IAM, shaped as AppSync sends it. */
export interface IamIdentity {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
}

/** ctx.identity for OPENID_CONNECT, shaped as AppSync sends it. */
export interface OidcIdentity {
  sub: string;
  issuer: string;
  claims: Record<string, unknown>;
}

/** ctx.identity for AWS_LAMBDA: the authorizer's resolverContext, as AppSync passes it. */
export interface LambdaIdentity {
  resolverContext: Record<string, unknown>;
}

/** API_KEY callers have no identity: AppSync passes null. */
export type Identity = CognitoIdentity | IamIdentity | OidcIdentity | LambdaIdentity | null;

/** Who made a request and how: the outcome of authentication, before any field is authorized. */
export interface AuthContext {
  mode: AuthModeType;
  identity: Identity;
  /** Request headers, lower-cased, as ctx.request.headers shows them. */
  headers: Record<string, string>;
  /** AWS_LAMBDA only: the authorizer's deniedFields, as "Type.field"; each answers Unauthorized. */
  deniedFields?: ReadonlySet<string>;
}

/** One entry of a GraphQL response's `errors`, in AppSync's shape. */
export interface AppSyncError {
  message: string;
  errorType?: string | null;
  data?: unknown;
  errorInfo?: unknown;
  path?: ReadonlyArray<string | number> | null;
  locations?: ReadonlyArray<{ line: number; column: number; sourceName?: string | null }> | null;
}
