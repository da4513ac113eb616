import { createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * cognito-local signs every token with a private key shipped inside its npm package
 * (lib/keys/cognitoLocal.private.json), the same on every machine: anyone could mint a Managers
 * token. This is the key it signs with instead: made on first start, kept in the local data dir
 * with mode 0600, the same across restarts so tokens and sessions survive them.
 */

export const SIGNING_KEY_FILE = 'signing-key.pem';
/** The key id cognito-local writes into every token header (fixed in its token generator). */
export const COGNITO_LOCAL_KID = 'CognitoLocal';

export interface SigningKey {
  privatePem: string;
  /** The public half as cognito-local serves it in /<poolId>/.well-known/jwks.json. */
  publicJwk: JsonWebKey;
  publicPem: string;
}

export function ensureSigningKey(file: string): SigningKey {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let privatePem = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!privatePem.includes('PRIVATE KEY')) {
    privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(file, privatePem, { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const publicKey = createPublicKey(privatePem);
  return {
    privatePem,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), use: 'sig', kid: COGNITO_LOCAL_KID, alg: 'RS256' },
    publicPem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

export const signingKeyFile = (dataDir: string): string => join(dataDir, SIGNING_KEY_FILE);
