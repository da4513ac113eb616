import type { GraphQLSchema } from 'graphql';
import type { FunctionConfig, ResolverConfig } from '../config';
import { checkAuthModes } from './auth-modes';
import { bundleResolvers, toRuntimeResolvers } from './bundle';
import type { ApiDefinition } from './definitions';
import { directLambdaResolvers } from './direct-lambda';
import { applyFunctionSettings, applyResolverSettings } from './resolver-settings';
import { buildToolingSchema, loadSchemaSdl } from './schema';
import { loadWiring, type WiringEntry } from './wiring';

export * from './auth-modes';
export * from './bundle';
export * from './data-sources';
export * from './definitions';
export * from './direct-lambda';
export * from './resolver-settings';
export * from './schema';
export * from './tables';
export * from './user-pool';
export * from './wiring';

/** Everything both the CDK stack and the local runtime derive from a project's files. */
export interface LoadedProject {
  /** The deployable SDL (RuntimeConfig.schema, and what CDK uploads). */
  schemaSdl: string;
  /** The tooling schema: the SDL with AppSync's declarations. */
  schema: GraphQLSchema;
  wiring: WiringEntry[];
  resolvers: ResolverConfig[];
  functions: FunctionConfig[];
}

/** Reads the schema, checks and bundles the resolvers. Throws with every problem found. */
export async function loadProject(definition: ApiDefinition): Promise<LoadedProject> {
  checkAuthModes(definition);
  const schemaSdl = loadSchemaSdl(definition.schemaFiles);
  const schema = buildToolingSchema(schemaSdl);
  const wiring = loadWiring({
    resolversDir: definition.resolversDir,
    schema,
    dataSources: Object.keys(definition.dataSources),
  });
  const bundles = await bundleResolvers(wiring, { rootDir: definition.rootDir });
  const { resolvers, functions } = toRuntimeResolvers(wiring, bundles);
  const direct = directLambdaResolvers(definition.directLambdaResolvers, { schema, dataSources: definition.dataSources, wiring });
  const all = [...resolvers, ...direct].sort((a, b) => a.typeName.localeCompare(b.typeName) || a.fieldName.localeCompare(b.fieldName));
  return {
    schemaSdl,
    schema,
    wiring,
    resolvers: applyResolverSettings(all, definition.resolverSettings),
    functions: applyFunctionSettings(functions, definition.functionSettings),
  };
}
