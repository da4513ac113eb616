import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface GraphqlError {
  message: string;
  errorType?: string | null;
}

export interface GraphqlResponse<T> {
  data?: T | null;
  errors?: GraphqlError[];
}

/** Posts one GraphQL request; transport failures throw, GraphQL errors come back in `errors`. */
export type GraphqlRequester = <T>(query: string, variables?: Record<string, unknown>) => Promise<GraphqlResponse<T>>;

/**
 * A GraphQL client that signs each POST with SigV4 for the `appsync` service, as AWS_IAM
 * callers of AppSync do (the deployed API and the local runtime check the same signature).
 */
export function iamGraphqlClient(options: { graphqlUrl: string; region: string; credentials: IamCredentials }): GraphqlRequester {
  const url = new URL(options.graphqlUrl);
  const signer = new SignatureV4({ service: 'appsync', region: options.region, credentials: options.credentials, sha256: Sha256 });
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ query, variables });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: { host: url.host, 'content-type': 'application/json' },
        body,
      }),
    );
    // fetch sets Host itself from the URL, to the same value that was signed.
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
    const response = await fetch(url, { method: 'POST', headers, body });
    if (!response.ok && response.status !== 400) throw new Error(`GraphQL request to ${url.host} failed: HTTP ${response.status}`);
    return (await response.json()) as GraphqlResponse<T>;
  };
}
