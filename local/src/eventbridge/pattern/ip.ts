import { refuse } from './errors';

/**
 * IP addresses as aws/event-ruler reads them (CIDR.java): a string is an address only if it looks
 * like one (digits and dots, or hex digits and colons) and then parses; addresses compare as fixed
 * width hex, so an IPv6 address written compressed or in full is the same address.
 */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

function ipv4Bytes(text: string): number[] | null {
  const bytes = text.split('.').map(Number);
  return bytes.every((byte) => Number.isInteger(byte) && byte <= 255) ? bytes : null;
}

function ipv6Bytes(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const list = part.split(':');
    return list.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group)) ? list : null;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

function hex(bytes: readonly number[]): string {
  return bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** The address as hex (8 digits for IPv4, 32 for IPv6), or null if the text is not an address. */
export function ipHex(text: string): string | null {
  if (!looksLikeIp(text)) return null;
  const bytes = text.includes('.') ? ipv4Bytes(text) : ipv6Bytes(text);
  return bytes === null ? null : hex(bytes);
}

export interface IpRange {
  readonly bottom: string;
  readonly top: string;
}

function addressBytes(text: string): number[] {
  // Ruler only hands text of an address's shape to the parser; anything else is "Nonstandard".
  if (!looksLikeIp(text)) refuse(`Nonstandard IP address: ${text}`);
  const bytes = text.includes('.') ? ipv4Bytes(text) : ipv6Bytes(text);
  if (bytes === null) refuse(`Invalid IP address: ${text}`);
  return bytes;
}

/**
 * A CIDR block as Ruler builds it: from the address as written up to the address with every host
 * bit set. Ruler does not clear host bits first, so "10.0.0.5/24" covers 10.0.0.5 to 10.0.0.255,
 * and it refuses /32 and /128.
 */
export function parseCidr(cidr: string): IpRange {
  const parts = cidr.split('/');
  // Java's String.split drops trailing empty strings: "10.0.0.0/" has one part.
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) refuse("Malformed CIDR, one '/' required");
  const [address = '', bitsText = ''] = parts;
  if (!/^[+-]?[0-9]+$/.test(bitsText)) refuse('Malformed CIDR, mask bits must be an integer');
  const maskBits = Number(bitsText);
  if (maskBits < 0) refuse('Malformed CIDR, mask bits must not be negative');
  const bytes = addressBytes(address);
  if (bytes.length === 4 && maskBits > 31) refuse('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && maskBits > 127) refuse('IPv6 mask bits must be < 128');
  let hostBits = bytes.length * 8 - maskBits;
  const top = [...bytes];
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i -= 1, hostBits -= 8) {
    top[i] = (top[i] ?? 0) | (hostBits >= 8 ? 0xff : (1 << hostBits) - 1);
  }
  return { bottom: hex(bytes), top: hex(top) };
}

export function inRange(range: IpRange, addressHex: string): boolean {
  return addressHex.length === range.bottom.length && addressHex >= range.bottom && addressHex <= range.top;
}
