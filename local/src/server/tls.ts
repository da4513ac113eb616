import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * A local certificate authority and a leaf certificate for localhost, 127.0.0.1 and ::1, so that
 * aws-amplify v6 (which always dials wss://) can reach the runtime.
 *
 * Made with node-forge: pure JavaScript (works the same on Linux, macOS and Windows, where an
 * `openssl` binary may be missing or be LibreSSL with other flags), long maintained, and it uses
 * Node's native RSA key generation when present. Files live in a caller-given, git-ignored folder
 * and are reused; the leaf is re-issued from the same CA when it nears expiry.
 */

export interface LocalTls {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
  /** base64(sha256(leaf SubjectPublicKeyInfo)), for Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
}

const FILES = { caCert: 'ca.pem', caKey: 'ca-key.pem', cert: 'localhost.pem', key: 'localhost-key.pem' } as const;
const LEAF_HOSTS = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };
const DAY_MS = 86_400_000;
/** Below Apple's and Chromium's 398-day ceiling for leaf certificates. */
const LEAF_VALIDITY_DAYS = 365;
const CA_VALIDITY_DAYS = 3650;
const RENEW_BEFORE_MS = 7 * DAY_MS;

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, days: number): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - DAY_MS);
  cert.validity.notAfter = new Date(now + days * DAY_MS);
}

function createCa(): { certPem: string; keyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, CA_VALIDITY_DAYS);
  const subject = [
    { name: 'commonName', value: 'appsync-local development CA' },
    { name: 'organizationName', value: 'appsync-local' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

function createLeaf(ca: { certPem: string; keyPem: string }): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, LEAF_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...LEAF_HOSTS.dns.map((value) => ({ type: 2, value })), ...LEAF_HOSTS.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** Chromium's `--ignore-certificate-errors-spki-list` value for a certificate. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}

function leafUsable(certPem: string, caPem: string): boolean {
  try {
    const leaf = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    return (
      leaf.verify(ca.publicKey) &&
      Date.parse(leaf.validTo) - Date.now() > RENEW_BEFORE_MS &&
      LEAF_HOSTS.dns.every((host) => leaf.checkHost(host) !== undefined) &&
      LEAF_HOSTS.ips.every((ip) => leaf.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}

/**
 * Returns the CA and the leaf from `dir`, creating what is missing. The CA is kept as long as it
 * is valid, so a browser or OS that trusts it keeps trusting re-issued leaves.
 */
export function ensureLocalTls(dir: string): LocalTls {
  mkdirSync(dir, { recursive: true });
  const path = (name: keyof typeof FILES): string => join(dir, FILES[name]);
  const read = (name: keyof typeof FILES): string | null => (existsSync(path(name)) ? readFileSync(path(name), 'utf8') : null);

  let caCert = read('caCert');
  let caKey = read('caKey');
  if (caCert === null || caKey === null || Date.parse(new X509Certificate(caCert).validTo) - Date.now() < RENEW_BEFORE_MS) {
    const ca = createCa();
    writeAtomically(path('caKey'), ca.keyPem, 0o600);
    writeAtomically(path('caCert'), ca.certPem, 0o644);
    caCert = ca.certPem;
    caKey = ca.keyPem;
  }

  let cert = read('cert');
  let key = read('key');
  if (cert === null || key === null || !leafUsable(cert, caCert)) {
    const leaf = createLeaf({ certPem: caCert, keyPem: caKey });
    writeAtomically(path('key'), leaf.keyPem, 0o600);
    writeAtomically(path('cert'), leaf.certPem, 0o644);
    cert = leaf.certPem;
    key = leaf.keyPem;
  }

  return { dir, caPem: caCert, certPem: cert, keyPem: key, spkiSha256: spkiSha256(cert) };
}

/**
 * Chromium flags that make a test browser accept this leaf without touching the OS trust store.
 * (Chromium only honours the list together with a user-data dir, which Playwright always sets.)
 */
export function chromiumTrustArgs(tls: Pick<LocalTls, 'spkiSha256'>): string[] {
  return [`--ignore-certificate-errors-spki-list=${tls.spkiSha256}`];
}
