/**
 * The few capabilities the host lends the sandbox. Every function takes and returns primitives
 * only: a host object or host function reaching resolver code would hand it the host realm
 * (`fn.constructor('return process')()`), so the util captures these in closures at install
 * time and never exposes them.
 *
 * This file runs INSIDE the sandbox realm.
 */
export interface HostBridge {
  /** A v4 UUID from the host's CSPRNG, lower-case. */
  randomUUID(): string;
  /** `count` bytes from the host's CSPRNG, hex-encoded. */
  randomBytesHex(count: number): string;
}

let installed: HostBridge | null = null;

export function installHostBridge(bridge: HostBridge): void {
  const randomUUID = bridge.randomUUID;
  const randomBytesHex = bridge.randomBytesHex;
  installed = {
    randomUUID: () => String(randomUUID()),
    randomBytesHex: (count) => String(randomBytesHex(count)),
  };
}

export function hostBridge(): HostBridge {
  if (installed === null) throw new Error('the APPSYNC_JS host bridge is not installed');
  return installed;
}

/** `count` random bytes from the host, as numbers 0-255. */
export function randomBytes(count: number): number[] {
  const hex = hostBridge().randomBytesHex(count);
  const bytes: number[] = [];
  for (let i = 0; i < count; i += 1) bytes.push(parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return bytes;
}
