import type { GraphQLSchema } from 'graphql';
import { APPSYNC_SCALARS } from './scalars';

/**
 * The schema is built from SDL, where AppSync's scalars are bare declarations; this gives them
 * AppSync's validation and coercion. The scalar objects are patched in place because graphql-js
 * has no other way to attach behaviour to an SDL-declared scalar without rebuilding the schema.
 */
export function installAppSyncScalars(schema: GraphQLSchema): void {
  for (const implementation of APPSYNC_SCALARS) {
    const declared = schema.getType(implementation.name);
    if (!declared || !('serialize' in declared)) continue;
    Object.assign(declared, {
      serialize: implementation.serialize,
      parseValue: implementation.parseValue,
      parseLiteral: implementation.parseLiteral,
      description: declared.description ?? implementation.description,
    });
  }
}
