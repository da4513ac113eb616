/**
 * util.base64*, util.url* and util.escapeJavaScript with Java's semantics (AppSync's util
 * descends from the VTL runtime, which used java.net.URLEncoder and Commons Lang).
 * The sandbox has no Buffer, btoa or TextEncoder, so UTF-8 and base64 are done by hand.
 *
 * This file runs INSIDE the sandbox realm.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8Encode(value: string): number[] {
  const bytes: number[] = [];
  for (const char of value) {
    let code = char.codePointAt(0) ?? 0;
    // A lone surrogate cannot be encoded; Java's encoder writes '?' for it.
    if (code >= 0xd800 && code <= 0xdfff) code = 0x3f;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return bytes;
}

/** Decodes UTF-8, replacing malformed sequences with U+FFFD as Java's decoder does. */
export function utf8Decode(bytes: number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i] ?? 0;
    const extra = first < 0x80 ? 0 : first >= 0xf0 && first < 0xf8 ? 3 : first >= 0xe0 ? 2 : first >= 0xc2 ? 1 : -1;
    if (extra < 0 || (first >= 0xe0 && extra === 1)) {
      out += '\ufffd';
      i += 1;
      continue;
    }
    let code = extra === 0 ? first : first & (0x3f >> extra);
    let valid = true;
    for (let k = 1; k <= extra; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) {
        valid = false;
        break;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (!valid) {
      out += '\ufffd';
      i += 1;
      continue;
    }
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

export function base64Encode(value: string): string {
  const bytes = utf8Encode(String(value));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const chunk = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += BASE64.charAt((chunk >> 18) & 63) + BASE64.charAt((chunk >> 12) & 63);
    out += b === undefined ? '=' : BASE64.charAt((chunk >> 6) & 63);
    out += c === undefined ? '=' : BASE64.charAt(chunk & 63);
  }
  return out;
}

export function base64Decode(value: string): string {
  const clean = String(value).replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const index = BASE64.indexOf(char);
    if (index < 0) continue;
    buffer = (buffer << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return utf8Decode(bytes);
}

/** java.net.URLEncoder.encode(value, "UTF-8"): only A-Z a-z 0-9 . - * _ stay; space becomes '+'. */
export function urlEncode(value: string): string {
  return encodeURIComponent(String(value))
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** java.net.URLDecoder.decode(value, "UTF-8"). */
export function urlDecode(value: string): string {
  return decodeURIComponent(String(value).replace(/\+/g, ' '));
}

const ESCAPES: Record<string, string> = {
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

/** Commons Lang StringEscapeUtils.escapeEcmaScript, which AppSync's escapeJavaScript follows. */
export function escapeJavaScript(value: string): string {
  let out = '';
  const text = String(value);
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    const escaped = ESCAPES[char];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    const code = text.charCodeAt(i);
    out += code < 32 || code > 0x7f ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : char;
  }
  return out;
}
