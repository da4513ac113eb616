/**
 * The general part of `util`: errors, ids, encodings, type checks. The type helpers (isNull,
 * typeOf, defaultIfNull...) come from VTL's $util and are kept for resolvers ported from VTL.
 *
 * This file runs INSIDE the sandbox realm.
 */
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './encoding';
import { autoId, autoKsuid, autoUlid } from './ids';
import { currentInvocation } from './invocation';
import { raiseError } from './signals';

/** util.authType() texts, keyed by AppSync's auth mode names. */
const AUTH_TYPE_TEXT: Record<string, string> = {
  AWS_IAM: 'IAM Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  API_KEY: 'API Key Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
};

function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

function isEmpty(value: unknown): boolean {
  if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length === 0;
  return false;
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const core = {
  error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
    return raiseError(message, errorType, data, errorInfo);
  },
  appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
    currentInvocation().appendedErrors.push({
      message: String(message),
      errorType: errorType ?? null,
      data: data ?? null,
      errorInfo: errorInfo ?? null,
    });
  },
  /**
   * AppSync's own text and type for a denied field ("Not Authorized to access X on type Y", as
   * the AWS knowledge-center page on Unauthorized errors quotes it). EvaluateCode may be given a
   * context without `info`; AWS's answer for that case is not published, and AppSync formats the
   * text in Java, where an absent name prints as `null`, so that is what an unknown name reads as
   * here rather than an empty string (local/docs/appsync-js.md).
   */
  unauthorized(): never {
    const { fieldName, parentTypeName } = currentInvocation().facts;
    const name = (value: string): string => (value === '' ? 'null' : value);
    return raiseError(`Not Authorized to access ${name(fieldName)} on type ${name(parentTypeName)}`, 'Unauthorized');
  },
  autoId,
  autoUlid,
  autoKsuid,
  base64Encode,
  base64Decode,
  urlEncode,
  urlDecode,
  escapeJavaScript,
  /** Java's String.matches: the pattern must match the whole value. */
  matches(pattern: string, value: string): boolean {
    return new RegExp(`^(?:${String(pattern)})$`, 'u').test(String(value));
  },
  authType(): string | null {
    const mode = currentInvocation().facts.authType;
    return mode === null ? null : (AUTH_TYPE_TEXT[mode] ?? null);
  },
  isNull(value: unknown): boolean {
    return value === null || value === undefined;
  },
  isNullOrEmpty(value: unknown): boolean {
    return value === null || value === undefined || isEmpty(value);
  },
  isNullOrBlank(value: unknown): boolean {
    return value === null || value === undefined || isEmpty(value) || isBlank(value);
  },
  defaultIfNull<T, D>(value: T, defaultValue: D): T | D {
    return value === null || value === undefined ? defaultValue : value;
  },
  defaultIfNullOrEmpty<T, D>(value: T, defaultValue: D): T | D {
    return value === null || value === undefined || isEmpty(value) ? defaultValue : value;
  },
  defaultIfNullOrBlank<T, D>(value: T, defaultValue: D): T | D {
    return value === null || value === undefined || isEmpty(value) || isBlank(value) ? defaultValue : value;
  },
  isString(value: unknown): boolean {
    return typeof value === 'string';
  },
  isNumber(value: unknown): boolean {
    return typeof value === 'number';
  },
  isBoolean(value: unknown): boolean {
    return typeof value === 'boolean';
  },
  isList(value: unknown): boolean {
    return Array.isArray(value);
  },
  isMap,
  /** VTL's type names: Null, Number, String, Map, List, Boolean, else Object. */
  typeOf(value: unknown): string {
    if (value === null || value === undefined) return 'Null';
    if (Array.isArray(value)) return 'List';
    if (typeof value === 'number') return 'Number';
    if (typeof value === 'string') return 'String';
    if (typeof value === 'boolean') return 'Boolean';
    if (isMap(value)) return 'Map';
    return 'Object';
  },
};
