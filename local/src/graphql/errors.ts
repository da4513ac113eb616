import { GraphQLError, type SourceLocation } from 'graphql';
import type { AppSyncError } from '../identity';

/**
 * An error a resolver raised on purpose (util.error, a data-source failure, Unauthorized). It
 * travels through graphql-js as the originalError of a GraphQLError and comes out in AppSync's
 * shape: {path, data, errorType, errorInfo, locations, message}.
 */
export class FieldError extends Error {
  readonly errorType: string | null;
  readonly data: unknown;
  readonly errorInfo: unknown;
  constructor(message: string, errorType: string | null, data: unknown = null, errorInfo: unknown = null) {
    super(message);
    this.name = 'FieldError';
    this.errorType = errorType;
    this.data = data;
    this.errorInfo = errorInfo;
  }
}

function appSyncLocations(locations: readonly SourceLocation[] | undefined): AppSyncError['locations'] {
  return (locations ?? []).map(({ line, column }) => ({ line, column, sourceName: null }));
}

/** A field error as AppSync renders it. */
export function formatFieldError(error: GraphQLError): AppSyncError {
  const original = error.originalError;
  if (original instanceof FieldError) {
    return {
      path: error.path ? [...error.path] : undefined,
      data: original.data ?? null,
      errorType: original.errorType,
      errorInfo: original.errorInfo ?? null,
      locations: appSyncLocations(error.locations),
      message: original.message,
    };
  }
  // graphql-js's own execution errors (non-null violations, scalar serialisation). AppSync has no
  // errorType for these; graphql-java's texts differ and are documented as a gap.
  return {
    path: error.path ? [...error.path] : undefined,
    locations: appSyncLocations(error.locations),
    message: error.message,
  };
}

/**
 * Request-level errors (syntax, validation) in AppSync's form. AppSync runs graphql-java, so the
 * texts follow its "Validation error of type X: ... @ 'path'" format; the common graphql-js rule
 * messages are translated, anything else keeps graphql-js's text.
 */
export function formatRequestError(error: GraphQLError, fieldPath?: string): AppSyncError {
  return {
    path: null,
    locations: appSyncLocations(error.locations),
    message: translateValidationMessage(error.message, fieldPath),
  };
}

const at = (fieldPath: string | undefined): string => (fieldPath ? ` @ '${fieldPath}'` : '');

export function translateValidationMessage(message: string, fieldPath?: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(message))) {
    return `Validation error of type FieldUndefined: Field '${m[1]}' in type '${m[2]}' is undefined${at(fieldPath)}`;
  }
  if ((m = /^Unknown type "([^"]+)"\./.exec(message))) {
    return `Validation error of type UnknownType: Unknown type ${m[1]}`;
  }
  if ((m = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(message))) {
    return `Validation error of type MissingFieldArgument: Missing field argument ${m[2]}${at(fieldPath)}`;
  }
  if ((m = /^Unknown argument "([^"]+)" on field "[^"]+"\./.exec(message))) {
    return `Validation error of type UnknownArgument: Unknown field argument ${m[1]}${at(fieldPath)}`;
  }
  if ((m = /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./.exec(message))) {
    return `Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type ${m[2]} of field ${m[1]}${at(fieldPath)}`;
  }
  if ((m = /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./.exec(message))) {
    return `Validation error of type SubSelectionRequired: Sub selection required for type ${m[2]} of field ${m[1]}${at(fieldPath)}`;
  }
  if ((m = /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\./.exec(message))) {
    return `Validation error of type VariableTypeMismatch: Variable type '${m[2]}' doesn't match expected type '${m[3]}'${at(fieldPath)}`;
  }
  if ((m = /^Variable "\$([^"]+)" is not defined/.exec(message))) {
    return `Validation error of type UndefinedVariable: Undefined variable ${m[1]}${at(fieldPath)}`;
  }
  if ((m = /^Variable "\$([^"]+)" is never used/.exec(message))) {
    return `Validation error of type UnusedVariable: Unused variable ${m[1]}`;
  }
  if ((m = /^Variable "\$([^"]+)" of required type "([^"]+)" was not provided\./.exec(message))) {
    return `Variable '${m[1]}' has coerced Null value for NonNull type '${m[2]}'`;
  }
  if ((m = /^Variable "\$([^"]+)" got invalid value .*Field "([^"]+)" of required type "([^"]+)" was not provided\./.exec(message))) {
    return `Variable '${m[1]}' has coerced Null value for NonNull type '${m[3]}'`;
  }
  if ((m = /^Variable "\$([^"]+)" got invalid value (.*)$/s.exec(message))) {
    return `Variable '${m[1]}' has an invalid value: ${m[2]}`;
  }
  if ((m = /^Syntax Error: (.*)$/s.exec(message))) {
    const found = /found "?([^"]*)"?\.?$/.exec(m[1] ?? '');
    return found ? `Invalid Syntax : offending token '${found[1]}'` : `Invalid Syntax : ${m[1]}`;
  }
  return message;
}

/** The body of an HTTP 401, as AppSync sends it. */
export function unauthorizedBody(message: string): { errors: AppSyncError[] } {
  return { errors: [{ errorType: 'UnauthorizedException', message }] };
}
