import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TargetDeliveryError } from '../eventbridge/bus';

export interface AppSyncTargetOptions {
  /** The GraphQL URL of the API `apiId` names (the one API without it), known once its server listens. */
  graphqlUrl(apiId?: string): string;
  /** Asked on each delivery: the pair exists only once the API has booted. */
  credentials(): { accessKeyId: string; secretAccessKey: string };
  region: string;
}

/**
 * EventBridge's AppSync target: the rule's GraphQL operation, with the (transformed) event as its
 * variables, sent over IAM (SigV4 for `appsync`) as the rule's role would. A mutation that answers
 * GraphQL errors counts as a failed delivery, so it is retried and then dead-lettered where an
 * operator sees it, rather than dropped. (AWS documents no retry on GraphQL errors; here losing a
 * push silently is the worse outcome.)
 */
export function appsyncTarget(options: AppSyncTargetOptions): (operation: string, variablesJsonText: string, apiId?: string) => Promise<unknown> {
  const signer = new SignatureV4({ service: 'appsync', region: options.region, credentials: async () => options.credentials(), sha256: Sha256 });
  return async (operation, variablesJsonText, apiId) => {
    let variables: unknown;
    try {
      variables = JSON.parse(variablesJsonText);
    } catch {
      throw new TargetDeliveryError('The target input is not JSON: AppSync variables must be a JSON object.', { errorCode: 'INVALID_JSON' });
    }
    const url = new URL(options.graphqlUrl(apiId));
    const body = JSON.stringify({ query: operation, variables });
    const request = new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': 'application/json' },
      body,
    });
    const signed = await signer.sign(request);
    const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    if (!response.ok) throw new TargetDeliveryError(`AppSync answered HTTP ${response.status}: ${text.slice(0, 300)}`, { errorCode: response.status === 401 || response.status === 403 ? 'NO_PERMISSIONS' : 'ERROR_FROM_TARGET' });
    const answer = JSON.parse(text) as { errors?: { message?: string; errorType?: string }[] };
    if (answer.errors?.length) {
      const first = answer.errors[0];
      throw new TargetDeliveryError(`AppSync answered ${first?.errorType ?? 'an error'}: ${first?.message ?? ''}`, { errorCode: 'ERROR_FROM_TARGET' });
    }
    return answer;
  };
}
