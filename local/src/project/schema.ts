import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  GraphQLError,
  Kind,
  parse,
  validateSchema,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/** AppSync's scalars and directives as SDL: the single source of truth (schema/appsync.graphql is its copy). */
export const APPSYNC_DECLARATIONS: string = readFileSync(
  new URL('./appsync-declarations.graphql', import.meta.url),
  'utf8',
);

const declarations = parse(APPSYNC_DECLARATIONS);

/** Names of the scalars and directives AppSync brings along, which a deployable schema must not declare. */
export const APPSYNC_SCALARS: readonly string[] = declarations.definitions.flatMap((d) =>
  d.kind === Kind.SCALAR_TYPE_DEFINITION ? [d.name.value] : [],
);
export const APPSYNC_DIRECTIVES: readonly string[] = declarations.definitions.flatMap((d) =>
  d.kind === Kind.DIRECTIVE_DEFINITION ? [d.name.value] : [],
);

/**
 * The deployable SDL: the files joined in order, as AppSync receives it. Throws when a file
 * declares one of AppSync's own scalars or directives, because AppSync rejects such a schema
 * at deploy time and the local runtime would otherwise accept it.
 */
export function loadSchemaSdl(files: string[]): string {
  if (files.length === 0) throw new Error('loadSchemaSdl: no schema files given.');
  const problems: string[] = [];
  const parts = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      problems.push(`${file}: ${error instanceof GraphQLError ? error.message : String(error)}`);
      return text;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.SCALAR_TYPE_DEFINITION && APPSYNC_SCALARS.includes(definition.name.value)) {
        problems.push(`${file}: declares scalar ${definition.name.value}, which AppSync provides itself and rejects.`);
      }
      if (definition.kind === Kind.DIRECTIVE_DEFINITION && APPSYNC_DIRECTIVES.includes(definition.name.value)) {
        problems.push(`${file}: declares directive @${definition.name.value}, which AppSync provides itself and rejects.`);
      }
    }
    return text.trimEnd();
  });
  if (problems.length > 0) throw new Error(`Invalid schema:\n  - ${problems.join('\n  - ')}`);
  return `${parts.join('\n\n')}\n`;
}

/**
 * A graphql-js schema of the deployable SDL with AppSync's declarations prepended, for tools and
 * for checks that need types (wiring, codegen). Validation errors are reported all at once.
 */
export function buildToolingSchema(deployableSdl: string): GraphQLSchema {
  // Parsed apart so that error locations point into the deployable SDL, not the prepended text.
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [...declarations.definitions, ...parse(deployableSdl).definitions],
  };
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(document);
  } catch (error) {
    throw new Error(`Invalid schema:\n${error instanceof Error ? error.message : String(error)}`);
  }
  const errors = validateSchema(schema);
  if (errors.length > 0) throw new Error(`Invalid schema:\n${errors.map((e) => e.message).join('\n')}`);
  return schema;
}
