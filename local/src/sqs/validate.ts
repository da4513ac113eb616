import { SqsError } from './errors';
import type { MessageAttributeValue } from './types';

/** Declarative checks for SQS's parameters, with SQS's wording; each throws SqsError and changes nothing. */

export function intParameter(name: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SqsError('InvalidParameterValue', `Value ${value} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`);
  }
  return value;
}

/**
 * The characters SQS allows (quotas-messages.html): #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD |
 * #x10000-#x10FFFF. SQS now replaces others with U+FFFD rather than refusing the message, as long
 * as one valid character remains (SendMessage, MessageBody); a body of nothing valid is refused.
 */
const INVALID = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function cleanBody(body: unknown): string {
  if (typeof body !== 'string' || body.length === 0) throw new SqsError('MissingParameter', 'The request must contain the parameter MessageBody.');
  const cleaned = body.replace(INVALID, '\uFFFD');
  if (cleaned !== body && body.replace(INVALID, '').length === 0) {
    throw new SqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
  }
  return cleaned;
}

/** Names: 1..256 of A-Za-z0-9 _ - . , not starting with AWS. or Amazon., no "..", no leading or trailing dot. */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_-](?:[A-Za-z0-9_.-]{0,254}[A-Za-z0-9_-])?$/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
export const MAX_MESSAGE_ATTRIBUTES = 10;

export function checkAttributes(attributes: Record<string, MessageAttributeValue> | undefined): void {
  if (!attributes) return;
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new SqsError('InvalidParameterValue', `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  for (const name of names) {
    const value = attributes[name] as MessageAttributeValue;
    if (!ATTRIBUTE_NAME.test(name) || name.includes('..') || /^(aws\.|amazon\.)/i.test(name)) {
      throw new SqsError('InvalidParameterValue', `Message (user) attribute name '${name}' is invalid. Names use A-Z, a-z, 0-9, underscore, hyphen and period, at most 256 characters, no consecutive or edge periods, and no AWS. or Amazon. prefix.`);
    }
    const type = value?.DataType ?? '';
    const base = /^(String|Number|Binary)(\..+)?$/.exec(type)?.[1];
    if (!base) {
      throw new SqsError('InvalidParameterValue', `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
    }
    const empty = base === 'Binary' ? !value.BinaryValue || value.BinaryValue.length === 0 : !value.StringValue;
    if (empty) throw new SqsError('InvalidParameterValue', `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`);
    if (base === 'Number' && !NUMBER.test(value.StringValue ?? '')) {
      throw new SqsError('InvalidParameterValue', `Value ${value.StringValue} for parameter MessageAttribute ${name} is invalid. Reason: Value must be a valid number.`);
    }
    if (base === 'String' && cleanBody(value.StringValue) !== value.StringValue) {
      throw new SqsError('InvalidParameterValue', `Message (user) attribute '${name}' contains invalid characters.`);
    }
  }
}

/** What counts against MaximumMessageSize: the body plus each attribute's name, type and value. */
export function messageBytes(body: string, attributes: Record<string, MessageAttributeValue> | undefined): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size += value.BinaryValue !== undefined ? value.BinaryValue.length : Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}

/** Batch entry ids (quotas-messages.html): at most 80 alphanumerics, hyphens and underscores. */
const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function checkBatch(entries: readonly { Id: string }[], entryType: 'SendMessageBatchRequestEntry' | 'DeleteMessageBatchRequestEntry'): void {
  if (entries.length === 0) throw new SqsError('EmptyBatchRequest', `There should be at least one ${entryType} in the request.`);
  if (entries.length > 10) throw new SqsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!BATCH_ID.test(entry.Id)) {
      throw new SqsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
    }
    if (seen.has(entry.Id)) throw new SqsError('BatchEntryIdsNotDistinct', `Id ${entry.Id} repeated.`);
    seen.add(entry.Id);
  }
}
