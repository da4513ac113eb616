import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SigningCredentials } from '../../config';
import type { OutgoingRequest } from './request';

export interface SigningConfig {
  region: string;
  service: string;
  credentials: SigningCredentials;
}

/**
 * SigV4 as AppSync applies it to an HTTP data source with authorizationConfig AWS_IAM (the
 * developer guide's "Invoking AWS services"): the data source's role signs each request for
 * awsIamConfig.signingServiceName in signingRegion. The host header is signed, as AWS requires.
 */
export async function signRequest(outgoing: OutgoingRequest, config: SigningConfig): Promise<OutgoingRequest> {
  const signer = new SignatureV4({ service: config.service, region: config.region, credentials: config.credentials, sha256: Sha256 });
  const query: Record<string, string | string[]> = {};
  for (const pair of outgoing.url.search.slice(1).split('&').filter(Boolean)) {
    const [rawKey = '', rawValue = ''] = pair.split('=', 2);
    const key = decodeURIComponent(rawKey);
    const value = decodeURIComponent(rawValue);
    const prior = query[key];
    query[key] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  const signed = await signer.sign(
    new HttpRequest({
      method: outgoing.method,
      protocol: outgoing.url.protocol,
      hostname: outgoing.url.hostname,
      ...(outgoing.url.port ? { port: Number(outgoing.url.port) } : {}),
      // The encoded path: SigV4 encodes it once more for every service but S3, as AWS's SDKs do.
      path: outgoing.url.pathname,
      query,
      headers: { ...outgoing.headers, host: outgoing.url.host },
      ...(outgoing.body !== undefined ? { body: outgoing.body } : {}),
    }),
  );
  return { ...outgoing, headers: signed.headers as Record<string, string> };
}
