import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { caIsConstrained, ensureLocalTls } from '../../src/server/tls';

/**
 * The local CA (issue 10, point 16): the README suggests trusting it system-wide, so it may only
 * vouch for this machine's names. Proven with Node's own TLS stack (OpenSSL), as a client that
 * trusts the CA would verify.
 */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tlsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-ca-'));
  dirs.push(dir);
  return join(dir, 'tls');
}

/** A leaf for `name` signed by the CA in `dir`, as anyone holding the CA key could make. */
function leafFor(dir: string, name: string): { cert: string; key: string } {
  const ca = forge.pki.certificateFromPem(readFileSync(join(dir, 'ca.pem'), 'utf8'));
  const caKey = forge.pki.privateKeyFromPem(readFileSync(join(dir, 'ca-key.pem'), 'utf8'));
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: name }]);
  cert.setIssuer(ca.subject.attributes);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: name }] }]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** Connects to a TLS server presenting `leaf`, trusting only the CA; resolves null or the verification error's code and message. */
async function verify(leaf: { cert: string; key: string }, caPem: string, servername: string): Promise<string | null> {
  const server = createServer({ cert: leaf.cert, key: leaf.key }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string | null>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: caPem, servername }, () => {
        socket.end();
        resolve(null);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`${error.code ?? ''} ${error.message}`));
    });
  } finally {
    server.close();
  }
}

describe('the local CA', () => {
  it('carries critical name constraints: DNS localhost, 127.0.0.0/8 and ::1 only', () => {
    const tls = ensureLocalTls(tlsDir());
    expect(caIsConstrained(tls.caPem)).toBe(true);
    const extension = forge.pki.certificateFromPem(tls.caPem).extensions.find((e: { id?: string }) => e.id === '2.5.29.30') as { critical?: boolean };
    expect(extension.critical).toBe(true);
  });

  it('still vouches for the runtime on localhost', async () => {
    const dir = tlsDir();
    const tls = ensureLocalTls(dir);
    expect(await verify({ cert: tls.certPem, key: tls.keyPem }, tls.caPem, 'localhost')).toBeNull();
  });

  it('cannot vouch for any other site, even with its own key', async () => {
    const dir = tlsDir();
    const tls = ensureLocalTls(dir);
    const tried = ['bank.example', 'www.google.com', 'localhost.evil.example'];
    const errors = await Promise.all(tried.map((name) => verify(leafFor(dir, name), tls.caPem, name)));
    expect(errors).toEqual(tried.map(() => expect.stringContaining('permitted subtree violation')));
    // The control: a leaf made the same way for localhost is accepted, so the refusals are the constraints'.
    expect(await verify(leafFor(dir, 'localhost'), tls.caPem, 'localhost')).toBeNull();
  });

  it('replaces a CA made before the constraints, and re-issues the leaf from the new one', () => {
    const dir = tlsDir();
    const first = ensureLocalTls(dir);
    // An older install's CA: same files, no name constraints.
    const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
    const old = forge.pki.createCertificate();
    old.publicKey = keys.publicKey;
    old.serialNumber = '02';
    old.validity.notBefore = new Date(Date.now() - 60_000);
    old.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
    old.setSubject([{ name: 'commonName', value: 'appsync-local development CA' }]);
    old.setIssuer([{ name: 'commonName', value: 'appsync-local development CA' }]);
    old.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }]);
    old.sign(keys.privateKey, forge.md.sha256.create());
    const oldPem = forge.pki.certificateToPem(old);
    writeFileSync(join(dir, 'ca.pem'), oldPem);
    writeFileSync(join(dir, 'ca-key.pem'), forge.pki.privateKeyToPem(keys.privateKey));
    expect(caIsConstrained(oldPem)).toBe(false);

    const renewed = ensureLocalTls(dir);
    expect(renewed.caPem).not.toBe(oldPem);
    expect(renewed.caPem).not.toBe(first.caPem);
    expect(caIsConstrained(renewed.caPem)).toBe(true);
    expect(renewed.certPem).not.toBe(first.certPem);
  });

  it('keeps its folder 0700 and every file in it 0600', () => {
    const dir = tlsDir();
    ensureLocalTls(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of ['ca.pem', 'ca-key.pem', 'localhost.pem', 'localhost-key.pem']) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
  });
});
