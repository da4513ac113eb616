import { X509Certificate, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { writePrivateFile } from '../services/local-state';

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

/** id-ce-nameConstraints (RFC 5280, 4.2.1.10). */
const NAME_CONSTRAINTS_OID = '2.5.29.30';

/**
 * The CA may only vouch for this machine's own names: DNS `localhost` (and names under it),
 * 127.0.0.0/8 and ::1 (issue 10, point 16). A developer who trusts the CA system-wide, as the
 * README suggests, then trusts nothing else it could sign: a leaf for any other name fails
 * verification in every client that honours RFC 5280 (OpenSSL, so Node; Chromium; Firefox; Apple).
 * node-forge has no builder for the extension, so its DER is made here from forge's ASN.1 parts:
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] IMPLICIT SEQUENCE OF GeneralSubtree }
 * GeneralSubtree ::= SEQUENCE { base GeneralName }; dNSName is [2] IA5String, iPAddress is
 * [7] OCTET STRING holding address then mask.
 */
function nameConstraints(): forge.asn1.Asn1 {
  const { asn1 } = forge;
  const subtree = (tag: number, value: string): forge.asn1.Asn1 =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, false, value)]);
  const bytes = (list: number[]): string => String.fromCharCode(...list);
  const ipv4Loopback = bytes([127, 0, 0, 0, 255, 0, 0, 0]);
  const ipv6Loopback = bytes([...Array(15).fill(0), 1, ...Array(16).fill(0xff)]);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [subtree(2, 'localhost'), subtree(7, ipv4Loopback), subtree(7, ipv6Loopback)]),
  ]);
}

/** True when a CA certificate carries the critical name constraints above (older installs lack them). */
export function caIsConstrained(caPem: string): boolean {
  try {
    const extension = forge.pki.certificateFromPem(caPem).extensions.find((e: { id?: string }) => e.id === NAME_CONSTRAINTS_OID) as
      | { critical?: boolean; value?: string }
      | undefined;
    if (!extension?.critical || typeof extension.value !== 'string') return false;
    return forge.asn1.toDer(nameConstraints()).getBytes() === extension.value;
  } catch {
    return false;
  }
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
    { id: NAME_CONSTRAINTS_OID, critical: true, value: nameConstraints() },
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
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = (name: keyof typeof FILES): string => join(dir, FILES[name]);
  const read = (name: keyof typeof FILES): string | null => (existsSync(path(name)) ? readFileSync(path(name), 'utf8') : null);

  let caCert = read('caCert');
  let caKey = read('caKey');
  // A CA from before name constraints is replaced: it could vouch for any site, and the README
  // asks developers to trust it system-wide. (Their trust store then needs the new one.)
  if (caCert === null || caKey === null || Date.parse(new X509Certificate(caCert).validTo) - Date.now() < RENEW_BEFORE_MS || !caIsConstrained(caCert)) {
    const ca = createCa();
    writePrivateFile(path('caKey'), ca.keyPem);
    writePrivateFile(path('caCert'), ca.certPem);
    caCert = ca.certPem;
    caKey = ca.keyPem;
  }

  let cert = read('cert');
  let key = read('key');
  if (cert === null || key === null || !leafUsable(cert, caCert)) {
    const leaf = createLeaf({ certPem: caCert, keyPem: caKey });
    writePrivateFile(path('key'), leaf.keyPem);
    writePrivateFile(path('cert'), leaf.certPem);
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
