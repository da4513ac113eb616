import {
  getLocation,
  getNullableType,
  type ASTNode,
  type DocumentNode,
  GraphQLError,
  isListType,
  isObjectType,
  Kind,
  type GraphQLSchema,
  type SourceLocation,
  type ValueNode,
} from 'graphql';
import type { AppSyncError } from '../identity';
import { queryPositions } from './query-path';
import { ScalarSerializationError } from './scalars';

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

type Locations = NonNullable<AppSyncError['locations']>;

function appSyncLocations(locations: readonly SourceLocation[] | undefined): Locations {
  return (locations ?? []).map(({ line, column }) => ({ line, column, sourceName: null }));
}

/** A resolver-level error in AppSync's key order: path, data, errorType, errorInfo, locations, message. */
export function fieldErrorEntry(
  path: ReadonlyArray<string | number>,
  locations: Locations,
  error: { message: string; errorType?: string | null; data?: unknown; errorInfo?: unknown },
): AppSyncError {
  return {
    path: [...path],
    data: error.data ?? null,
    errorType: error.errorType ?? null,
    errorInfo: error.errorInfo ?? null,
    locations,
    message: error.message,
  };
}

/** graphql-java's ResultPath text: /field/list[2]/child. */
function resultPathText(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `/${segment}`)).join('');
}

/**
 * A field error as AppSync renders it. Errors graphql-js raises itself (a null in a non-null
 * field, a value a scalar cannot serialise) get graphql-java's texts, which AppSync passes on with
 * `locations: null`: "Cannot return null for non-nullable type: 'ID' within parent 'Audio'
 * (/syncAudio/items[13]/userID)" (amplify-flutter#2137) and "Can't serialize value
 * (/syncOrders/items[32]/orderDate) : Unable to serialize `…` as a valid DateTime Object."
 * (amplify-js#5963).
 */
export function formatFieldError(error: GraphQLError, schema?: GraphQLSchema): AppSyncError {
  if (!error.path) return formatRequestError(error);
  const original = error.originalError;
  const path = [...error.path];
  if (original instanceof FieldError) return fieldErrorEntry(path, appSyncLocations(error.locations), original);
  if (original instanceof ScalarSerializationError) {
    return { path, locations: null, message: `Can't serialize value (${resultPathText(path)}) : ${original.message}` };
  }
  const nonNull = /^Cannot return null for non-nullable field ([_A-Za-z][_0-9A-Za-z]*)\.([_A-Za-z][_0-9A-Za-z]*)\.$/.exec(error.message);
  if (nonNull) {
    const [, parent = '', field = ''] = nonNull;
    const typeText = nullableTypeText(schema, parent, field, typeof path.at(-1) === 'number');
    if (typeText) {
      return { path, locations: null, message: `Cannot return null for non-nullable type: '${typeText}' within parent '${parent}' (${resultPathText(path)})` };
    }
  }
  return { path, locations: appSyncLocations(error.locations), message: error.message };
}

/** The type graphql-java names in its non-null error: the field's type (or list item type) without its `!`. */
function nullableTypeText(schema: GraphQLSchema | undefined, parent: string, field: string, listItem: boolean): string | null {
  const type = schema?.getType(parent);
  const definition = type && isObjectType(type) ? type.getFields()[field] : undefined;
  if (!definition) return null;
  let nullable = getNullableType(definition.type);
  if (listItem && isListType(nullable)) nullable = getNullableType(nullable.ofType);
  return String(nullable);
}

/** What graphql-java says about the offending node, besides the message: see QueryPosition. */
export interface RequestErrorContext {
  /** Field names from the operation (or fragment) down to the offending node. */
  path?: readonly string[] | null;
  /** The argument holding an offending literal, dotted through input object fields. */
  argument?: string | null;
  /** The offending literal itself. */
  value?: ValueNode | null;
  /** The input object literal around the offending node. */
  enclosingObject?: ValueNode | null;
}

/**
 * Request-level errors (syntax, validation, variables) in AppSync's form. AppSync runs
 * graphql-java, so the texts follow its "Validation error of type X: ... @ 'path'" format; the
 * common graphql-js rule messages are translated, anything else keeps graphql-js's text.
 */
export function formatRequestError(error: GraphQLError, context: RequestErrorContext = {}): AppSyncError {
  const message = translateValidationMessage(error.message, context);
  // AppSync reports an unknown input field in variables without a location (aws-appsync-community#273).
  const locations = message.startsWith('The variables input contains a field') ? null : appSyncLocations(error.locations);
  return { path: null, locations, message };
}

/**
 * Parse and validation errors of one document, each with graphql-java's path (see query-path.ts).
 * graphql-js reports each missing field of an input literal on its own; graphql-java lists them
 * in one error, so those are merged.
 */
export function formatValidationErrors(errors: readonly GraphQLError[], document: DocumentNode | null): AppSyncError[] {
  const positions = document ? queryPositions(document, errors.flatMap((e) => e.nodes ?? [])) : new Map<ASTNode, never>();
  const out: AppSyncError[] = [];
  const missing = new Map<ASTNode, { entry: AppSyncError; fields: string[] }>();
  for (const error of errors) {
    const nodes = error.nodes ?? [];
    // The node inside an operation (a variable's use rather than its definition) carries the path.
    const node = nodes.find((n) => (positions.get(n)?.path.length ?? 0) > 0) ?? nodes[0];
    const position = node ? positions.get(node) : undefined;
    const value = node && isValueNode(node) ? node : null;
    const entry = formatRequestError(error, { path: position?.path, argument: position?.argument, value, enclosingObject: position?.enclosingObject });
    // graphql-js points at a leaf's selection set; graphql-java at the field that has it.
    if (node?.kind === Kind.SELECTION_SET && position?.field?.loc) {
      const { line, column } = getLocation(position.field.loc.source, position.field.loc.start);
      entry.locations = [{ line, column, sourceName: null }];
    }
    const field = /^Field "[^".]+\.([^"]+)" of required type "[^"]+" was not provided\./.exec(error.message)?.[1];
    if (field && node && value) {
      const seen = missing.get(node);
      if (seen) {
        seen.fields.push(field);
        seen.entry.message = seen.entry.message.replace(/missing required fields '\[[^\]]*\]'/, `missing required fields '[${seen.fields.join(', ')}]'`);
        continue;
      }
      missing.set(node, { entry, fields: [field] });
    }
    out.push(entry);
  }
  return out;
}

function isValueNode(node: ASTNode): node is ValueNode {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.BOOLEAN:
    case Kind.ENUM:
    case Kind.NULL:
    case Kind.VARIABLE:
    case Kind.LIST:
    case Kind.OBJECT:
      return true;
    default:
      return false;
  }
}

export function translateValidationMessage(message: string, context: RequestErrorContext = {}): string {
  const path = context.path && context.path.length > 0 ? context.path.join('/') : undefined;
  const at = path ? ` @ '${path}'` : '';
  const argument = context.argument ?? '';
  let m: RegExpExecArray | null;
  if ((m = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(message))) {
    return `Validation error of type FieldUndefined: Field '${m[1]}' in type '${m[2]}' is undefined${at}`;
  }
  if ((m = /^Unknown type "([^"]+)"\./.exec(message))) {
    return `Validation error of type UnknownType: Unknown type ${m[1]}`;
  }
  if ((m = /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./.exec(message))) {
    return `Validation error of type MissingFieldArgument: Missing field argument ${m[2]}${at}`;
  }
  if ((m = /^Unknown argument "([^"]+)" on field "[^"]+"\./.exec(message))) {
    return `Validation error of type UnknownArgument: Unknown field argument ${m[1]}${at}`;
  }
  if ((m = /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./.exec(message))) {
    return `Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type ${m[2]} of field ${m[1]}${at}`;
  }
  if ((m = /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./.exec(message))) {
    return `Validation error of type SubSelectionRequired: Sub selection required for type ${m[2]} of field ${m[1]}${at}`;
  }
  if ((m = /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\./.exec(message))) {
    return `Validation error of type VariableTypeMismatch: Variable type '${m[2]}' doesn't match expected type '${m[3]}'${at}`;
  }
  if ((m = /^Variable "\$([^"]+)" is not defined/.exec(message))) {
    return `Validation error of type UndefinedVariable: Undefined variable ${m[1]}${at}`;
  }
  if ((m = /^Variable "\$([^"]+)" is never used/.exec(message))) {
    return `Validation error of type UnusedVariable: Unused variable ${m[1]}`;
  }
  // Literals of the wrong type (aws-cli#7078, aws-mobile-appsync-sdk-js#554).
  if ((m = /^Expected value of type "([^"]+)", found /.exec(message)) && context.value) {
    const typeName = (m[1] ?? '').replace(/[[\]!]/g, '');
    return `Validation error of type WrongType: argument '${argument}' with value '${javaValueText(context.value)}' is not a valid '${typeName}'${at}`;
  }
  // An input object literal without a required field (aws-appsync-community#273).
  if ((m = /^Field "[^".]+\.([^"]+)" of required type "[^"]+" was not provided\./.exec(message)) && context.value) {
    return `Validation error of type WrongType: argument '${argument}' with value '${javaValueText(context.value)}' is missing required fields '[${m[1]}]'${at}`;
  }
  if ((m = /^Field "([^"]+)" is not defined by type "([^"]+)"\./.exec(message)) && context.enclosingObject) {
    return `Validation error of type WrongType: argument '${argument}' with value '${javaValueText(context.enclosingObject)}' contains a field not in '${m[2]}': '${m[1]}'${at}`;
  }
  if ((m = /^Variable "\$([^"]+)" of required type "([^"]+)" was not provided\./.exec(message))) {
    return `Variable '${m[1]}' has coerced Null value for NonNull type '${m[2]}'`;
  }
  if ((m = /^Variable "\$([^"]+)" of non-null type "([^"]+)" must not be null\./.exec(message))) {
    return `Variable '${m[1]}' has coerced Null value for NonNull type '${m[2]}'`;
  }
  if ((m = /^Variable "\$([^"]+)" got invalid value .*Field "([^"]+)" of required type "([^"]+)" was not provided\./s.exec(message))) {
    return `Variable '${m[1]}' has coerced Null value for NonNull type '${m[3]}'`;
  }
  if ((m = /^Variable "\$[^"]+" got invalid value .*; Field "[^"]+" is not defined by type "([^"]+)"\./s.exec(message))) {
    return `The variables input contains a field that is not defined for input object type '${m[1]}' `;
  }
  // A scalar's own coercing message, as AppSync words it (amplify-cli#2033).
  if ((m = /^Variable "\$([^"]+)" got invalid value .*?; (Unable to parse .*)$/s.exec(message))) {
    return `Variable '${m[1]}' has an invalid value. ${m[2]}`;
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

/** A literal as graphql-java's AST prints it (its toString), which AppSync quotes in WrongType errors. */
export function javaValueText(node: ValueNode): string {
  switch (node.kind) {
    case Kind.STRING:
      return `StringValue{value='${node.value}'}`;
    case Kind.INT:
      return `IntValue{value=${node.value}}`;
    case Kind.FLOAT:
      return `FloatValue{value=${node.value}}`;
    case Kind.BOOLEAN:
      return `BooleanValue{value=${String(node.value)}}`;
    case Kind.ENUM:
      return `EnumValue{name='${node.value}'}`;
    case Kind.NULL:
      return 'NullValue{}';
    case Kind.VARIABLE:
      return `VariableReference{name='${node.name.value}'}`;
    case Kind.LIST:
      return `ArrayValue{values=[${node.values.map(javaValueText).join(', ')}]}`;
    case Kind.OBJECT:
      return `ObjectValue{objectFields=[${node.fields.map((f) => `ObjectField{name='${f.name.value}', value=${javaValueText(f.value)}}`).join(', ')}]}`;
  }
}

/** The body of an HTTP 401, as AppSync sends it. */
export function unauthorizedBody(message: string): { errors: AppSyncError[] } {
  return { errors: [{ errorType: 'UnauthorizedException', message }] };
}
