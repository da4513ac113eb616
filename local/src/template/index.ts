import { basename, dirname, join, resolve } from 'node:path';
import type { RuntimeConfig } from '../config';
import { TargetDeliveryError } from '../eventbridge/bus';
import { createEventServices, type EventServices } from '../events';
import { createLambdaService, type LambdaService } from '../lambda';
import type { StreamPipe } from '../pipes';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime';
import { newIamCredentials } from '../services/local-state';
import { LOCAL_REGION } from '../services/provision';
import { TemplateContext, type TemplateProblem } from './context';
import type { EnvironmentOverrides } from './env-vars';
import { readTemplate } from './parse';
import { authModes, registerApiKeys, registerApis, resolveApiProperties, type TemplateApi } from './resources/appsync-api';
import { apiCache, apiDataSources, apiFunctions, apiResolvers, apiSchema } from './resources/appsync-resolvers';
import { provisionUserPools, type ProvisionedPools } from './resources/cognito';
import { provisionTables, TABLE_TYPES } from './resources/dynamodb';
import { emptyEvents, EVENT_TYPES, eventRulesAndMappings, registerEventResources } from './resources/events';
import { FUNCTION_TYPES, templateFunctions } from './resources/lambda';
import { registerAwsSideOnly, reportUnsupported } from './resources/other';
import { startTemplatePipes, templatePipes } from './resources/pipes';
import { expandSamGraphQLApis } from './resources/sam-graphql';
import { readTemplateState, writeTemplateState, type TemplateState } from './state';

export { parseTemplate, readTemplate, type Template } from './parse';
export type { TemplateProblem } from './context';

/** The local services the template's resources are created in. */
export interface TemplateServices {
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  issuerFor(userPoolId: string): string;
  jwksUriFor(userPoolId: string): string;
}

export interface LoadTemplateOptions {
  file: string;
  /** Where `cdk synth` wrote the assets; the template's folder unless given. */
  assetsDir?: string;
  /** The stack name behind AWS::StackName and generated physical names; from the file name unless given. */
  stackName?: string;
  parameters?: Record<string, string>;
  services: TemplateServices;
  /** Pool, client and key ids kept across starts (state.ts); nothing is kept without it. */
  stateFile?: string;
  /** Scratch folder (inline Lambda code). */
  workDir: string;
  /** Added to every function's environment. */
  lambdaEnvironment?: Record<string, string>;
  /** SAM CLI's --env-vars file, parsed (env-vars.ts): over the template's and the local variables. */
  environmentOverrides?: EnvironmentOverrides;
  runtimeOptions?: RuntimeOptions;
  /** Where the pipes' warnings go; standard error unless given. */
  log?: (line: string) => void;
}

export interface ServedApi {
  logicalId: string;
  api: TemplateApi;
  config: RuntimeConfig;
  runtime: Runtime;
}

export interface LoadedTemplate {
  stackName: string;
  apis: ServedApi[];
  /** Every function of the template, for data sources (and whatever else invokes them). */
  lambda: LambdaService;
  /** The buses, rules, queues, delivery streams and event source mappings of the template, when it has any. */
  events?: EventServices;
  /** The template's AWS::Pipes::Pipe, running (resources/pipes.ts). */
  pipes: StreamPipe[];
  pools: ProvisionedPools;
  tables: Record<string, string>;
  state: TemplateState;
  problems: TemplateProblem[];
  /** AWS-side-only resources (IAM, logs, alarms...) by type: nothing to run locally. */
  skipped: Record<string, number>;
  close(): Promise<void>;
}

const HANDLED = new Set([
  ...TABLE_TYPES,
  ...FUNCTION_TYPES,
  ...EVENT_TYPES,
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::AppSync::GraphQLApi',
  'AWS::AppSync::GraphQLSchema',
  'AWS::AppSync::ApiKey',
  'AWS::AppSync::DataSource',
  'AWS::AppSync::FunctionConfiguration',
  'AWS::AppSync::Resolver',
  'AWS::AppSync::ApiCache',
]);

/**
 * `cdk synth` writes `<Stack>.template.json`; a hand-written template is named after its file, or
 * after its folder when the file is SAM's conventional template.yaml.
 */
function stackNameOf(file: string): string {
  const name = basename(file).replace(/\.template\.(json|ya?ml)$/, '').replace(/\.(json|ya?ml|template)$/, '');
  return name === 'template' ? basename(dirname(file)) : name;
}

/**
 * Reads a CloudFormation template and builds, against local services, everything its AppSync
 * APIs need: tables, user pools, functions, then one runtime per API. Resources are created in
 * dependency order (tables and pools before what names them), and whatever cannot run is in
 * `problems` while the rest is served.
 */
export async function loadTemplate(options: LoadTemplateOptions): Promise<LoadedTemplate> {
  const file = resolve(options.file);
  const template = readTemplate(file);
  // As SAM's transform does, before anything reads the resources: what it yields is served as written by hand.
  const samProblems = expandSamGraphQLApis(template);
  const stackName = options.stackName ?? stackNameOf(file);
  const ctx = new TemplateContext(template, {
    stackName,
    region: LOCAL_REGION,
    templateDir: dirname(file),
    assetsDir: resolve(options.assetsDir ?? dirname(file)),
    ...(options.parameters && { parameters: options.parameters }),
  });
  ctx.problems.push(...samProblems);
  const state = readTemplateState(options.stateFile);
  state.iam ??= newIamCredentials();
  const iam = state.iam;
  const { services } = options;

  const skipped = registerAwsSideOnly(ctx);
  reportUnsupported(ctx, HANDLED);
  const [tables, pools] = await Promise.all([
    provisionTables(ctx, services.dynamodbEndpoint),
    provisionUserPools(ctx, services.cognitoEndpoint, state, services.issuerFor),
  ]);
  const apis = registerApis(ctx);
  registerApiKeys(ctx, apis, state);
  writeTemplateState(options.stateFile, state);

  // Buses and queues before the functions whose environment names them; rules and mappings after.
  const eventsDefinition = emptyEvents();
  registerEventResources(ctx, eventsDefinition);
  // The SDK in a handler reads endpoints and credentials from these standard variables, so its
  // code needs no local-only branch; the pair is the one AWS_IAM accepts, like a role's. Read at
  // each worker start, so the bus's endpoint, known only once it listens, is added below.
  const extraEnvironment: Record<string, string> = {
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamodbEndpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: services.cognitoEndpoint,
    AWS_ACCESS_KEY_ID: iam.accessKeyId,
    AWS_SECRET_ACCESS_KEY: iam.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    ...options.lambdaEnvironment,
  };
  const lambda = createLambdaService({
    region: LOCAL_REGION,
    functions: templateFunctions(ctx, {
      workDir: options.workDir,
      extraEnvironment,
      ...(options.environmentOverrides && { environmentOverrides: options.environmentOverrides }),
    }),
  });
  eventRulesAndMappings(ctx, eventsDefinition, apis.map((a) => a.apiId));
  const pipes = templatePipes(ctx, {
    buses: new Set(Object.keys(eventsDefinition.buses)),
    functions: new Set(lambda.functionNames),
    queues: new Set(Object.keys(eventsDefinition.queues)),
  });
  const hasEvents =
    Object.keys(eventsDefinition.buses).length + Object.keys(eventsDefinition.queues).length + Object.keys(eventsDefinition.rules).length + Object.keys(eventsDefinition.deliveryStreams).length + pipes.length >
    0;
  let events: EventServices | undefined;
  try {
    events = hasEvents ? await createEventServices(eventsDefinition, { dir: join(options.workDir, 'events'), region: LOCAL_REGION }) : undefined;
  } catch (error) {
    await lambda.close();
    throw error;
  }
  if (events) extraEnvironment.AWS_ENDPOINT_URL_EVENTBRIDGE = events.endpoint;

  const served: ServedApi[] = [];
  const runningPipes: StreamPipe[] = [];
  try {
    for (const api of apis) {
      const config = ctx.attempt(api.logicalId, 'AWS::AppSync::GraphQLApi', (): RuntimeConfig => {
        resolveApiProperties(ctx, api);
        const schema = apiSchema(ctx, api);
        const auth = authModes(ctx, api, { ...services, iam, region: LOCAL_REGION });
        const dataSources = apiDataSources(ctx, api, { dynamodbEndpoint: services.dynamodbEndpoint, hasFunction: (name) => lambda.has(name), hasBus: (name) => Boolean(events?.buses[name]), credentials: iam });
        const { functions, byId } = apiFunctions(ctx, api, dataSources);
        const resolvers = apiResolvers(ctx, api, dataSources, byId);
        const variables = (api.props.EnvironmentVariables ?? {}) as Record<string, unknown>;
        const cache = apiCache(ctx, api);
        return {
          ...(cache && { apiCache: cache }),
          name: api.name,
          schema,
          ...auth,
          dataSources,
          functions,
          resolvers,
          environmentVariables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
        };
      });
      if (!config) continue;
      const runtime = await ctx.attemptAsync(api.logicalId, 'AWS::AppSync::GraphQLApi', () => createRuntime(config, { lambda, ...(events && { eventBuses: (name: string) => events?.buses[name] }) }, options.runtimeOptions ?? {}));
      if (runtime) served.push({ logicalId: api.logicalId, api, config, runtime });
    }
    // What invokes functions (schedules, queue consumers) starts once they can be reached.
    await events?.start({
      lambda,
      // An AppSync target reaches the API its ARN names; one that could not be served fails the
      // delivery (retried, then dead-lettered) rather than reaching another API.
      graphqlUrl: (apiId) => {
        const api = apiId === undefined ? served[0] : served.find((s) => s.api.apiId === apiId);
        if (!api?.api.urls.graphql) throw new TargetDeliveryError(`AppSync API ${apiId ?? '(the first)'} is not served locally.`, { errorCode: 'NO_RESOURCE' });
        return api.api.urls.graphql;
      },
      credentials: iam,
      tableName: (logical) => tables[logical] ?? logical,
      dynamodbEndpoint: services.dynamodbEndpoint,
    });
    // The pipes last: what they deliver to (buses, functions, the API behind AppSync targets) is up.
    runningPipes.push(
      ...(await startTemplatePipes(pipes, {
        buses: events?.buses ?? {},
        queues: events?.queues,
        lambda,
        dynamodbEndpoint: services.dynamodbEndpoint,
        region: LOCAL_REGION,
        dir: join(options.workDir, 'events', 'template-pipes'),
        log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      })),
    );
  } catch (error) {
    await Promise.all([...served.map((s) => s.runtime.close()), lambda.close(), events?.close()]);
    throw error;
  }
  return {
    stackName,
    apis: served,
    lambda,
    ...(events && { events }),
    pools,
    tables,
    state,
    problems: ctx.problems,
    skipped,
    pipes: runningPipes,
    async close() {
      await Promise.all(runningPipes.map((p) => p.stop()));
      await Promise.all(served.map((s) => s.runtime.close()));
      await events?.close();
      await lambda.close();
    },
  };
}

/**
 * The one start-up message for what is not served: the resource types that do not run locally,
 * one line per type, then each part left out because of them or for a reason of its own.
 */
export function formatProblems(problems: readonly TemplateProblem[]): string {
  if (problems.length === 0) return '';
  const unsupported = new Map<string, string[]>();
  const others: TemplateProblem[] = [];
  for (const p of problems) {
    if (p.message === `${p.type} is not supported by the local runtime`) unsupported.set(p.type, [...(unsupported.get(p.type) ?? []), p.logicalId]);
    else others.push(p);
  }
  const lines = [`${problems.length} part${problems.length === 1 ? '' : 's'} of the template ${problems.length === 1 ? 'is' : 'are'} not served locally; everything else is.`];
  if (unsupported.size > 0) {
    lines.push('  Resource types the local runtime does not run (what refers to them is left out, or runs without that value):');
    for (const [type, ids] of unsupported) lines.push(`  - ${type}: ${ids.join(', ')}`);
    lines.push('      Test those parts against AWS, or give the API a local stand-in (local/docs/template.md lists what runs).');
  }
  if (others.length > 0) lines.push('  Left out:');
  for (const p of others) lines.push(`  - ${p.logicalId} (${p.type}): ${p.message}.`, `      ${p.hint}`);
  return lines.join('\n');
}
