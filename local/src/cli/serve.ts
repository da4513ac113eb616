import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCognitoLocal, type CognitoLocal } from '../services/cognito-local';
import { JAVA_INSTALL_HINT, javaAvailable, startDynamoDbLocal, type DynamoDbLocal } from '../services/dynamodb-local';
import { ensurePrivateDir } from '../services/local-state';
import { LOCAL_REGION } from '../services/provision';
import { formatProblems } from '../template';
import { readEnvironmentOverrides, type EnvironmentOverrides } from '../template/env-vars';
import { templateAmplifyOutputs } from '../template/outputs';
import { serveTemplate, type ServedTemplate } from '../template/serve';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './aws-cli';

const USAGE = `usage: appsync-local serve --template <file> [--assets <dir>] [options]

  --template <file>        CloudFormation template, JSON or YAML (cdk.out/<Stack>.template.json, template.yaml)
  --assets <dir>           where the template's assets are (cdk.out); the template's folder by default
  --parameter <Name=Value> a template parameter (repeatable); others take their Default
  --env-vars <file.json>   SAM CLI's environment variables file: {"<FunctionLogicalId>": {"VAR": "value"}, "Parameters": {...}}
                           over the template's function environments (local/docs/template.md)
  --stack-name <name>      AWS::StackName and the prefix of generated names; from the file name by default
  --port <n>               the first API's port (default $PORT or 4000); further APIs take free ports
  --state-dir <dir>        DynamoDB data, cognito-local state, the TLS certificate, ids kept across starts (default .appsync-local)
  --outputs <file>         amplify_outputs.json for the first API (default ./amplify_outputs.json)
  --dynamodb-port <n>      DynamoDB Local's port (default $DYNAMODB_PORT or 8000)
  --cognito-port <n>       cognito-local's port (default $COGNITO_PORT or 9229)
`;

export interface ServeIo extends CliIo {
  env: NodeJS.ProcessEnv;
  /** Resolves when the command should stop (Ctrl-C); the bin wires it to SIGINT and SIGTERM. */
  stopped: Promise<void>;
}

/**
 * `appsync-local serve`: DynamoDB Local and cognito-local as child processes (local/src/services,
 * as `npm start` starts them), then every AppSync API of the template served by the runtime.
 * Runs until `io.stopped` resolves, then stops everything it started.
 */
export async function runServe(argv: string[], io: ServeIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        template: { type: 'string' },
        assets: { type: 'string' },
        parameter: { type: 'string', multiple: true },
        'stack-name': { type: 'string' },
        'env-vars': { type: 'string' },
        port: { type: 'string' },
        'state-dir': { type: 'string' },
        outputs: { type: 'string' },
        'dynamodb-port': { type: 'string' },
        'cognito-port': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  if (!values.template) {
    io.stderr(`--template is required\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const parameters: Record<string, string> = {};
  for (const pair of values.parameter ?? []) {
    const equals = pair.indexOf('=');
    if (equals <= 0) {
      io.stderr(`--parameter takes Name=Value, got ${pair}\n`);
      return EXIT_USAGE;
    }
    parameters[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  let environmentOverrides: EnvironmentOverrides | undefined;
  try {
    if (values['env-vars']) environmentOverrides = readEnvironmentOverrides(resolve(io.cwd, values['env-vars']));
  } catch (error) {
    io.stderr(`--env-vars: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
  if (!javaAvailable()) {
    io.stderr(`DynamoDB Local needs Java 17, which is not installed. Install it with:\n\n  ${JAVA_INSTALL_HINT}\n`);
    return 1;
  }
  const number = (flag: string | undefined, env: string, fallback: number): number => Number(flag ?? io.env[env] ?? fallback);
  const stateDir = resolve(io.cwd, values['state-dir'] ?? '.appsync-local');
  const outputsFile = resolve(io.cwd, values.outputs ?? 'amplify_outputs.json');
  const template = resolve(io.cwd, values.template);
  ensurePrivateDir(stateDir);

  let dynamo: DynamoDbLocal | undefined;
  let cognito: CognitoLocal | undefined;
  let served: ServedTemplate | undefined;
  const stopAll = async (): Promise<void> => {
    await served?.close().catch(() => undefined);
    await Promise.all([dynamo?.stop(), cognito?.stop()].map((p) => p?.catch(() => undefined)));
  };
  try {
    const port = number(values.port, 'PORT', 4000);
    const origins = ['https', 'http'].flatMap((scheme) => ['127.0.0.1', 'localhost'].map((host) => `${scheme}://${host}:${port}`));
    [dynamo, cognito] = await Promise.all([
      startDynamoDbLocal({ port: number(values['dynamodb-port'], 'DYNAMODB_PORT', 8000), dbPath: join(stateDir, 'dynamodb') }),
      startCognitoLocal({ port: number(values['cognito-port'], 'COGNITO_PORT', 9229), dataDir: join(stateDir, 'cognito'), browserOrigins: origins }),
    ]);
    const cognitoEndpoint = cognito.endpoint;
    served = await serveTemplate({
      file: template,
      ...(values.assets && { assetsDir: resolve(io.cwd, values.assets) }),
      ...(values['stack-name'] && { stackName: values['stack-name'] }),
      parameters,
      ...(environmentOverrides && { environmentOverrides }),
      services: { dynamodbEndpoint: dynamo.endpoint, cognitoEndpoint, issuerFor: cognito.issuerFor, jwksUriFor: cognito.jwksUriFor },
      stateFile: join(stateDir, 'template-state.json'),
      workDir: join(stateDir, 'work'),
      port,
      tlsDir: join(stateDir, 'tls'),
    });
    const { loaded } = served;
    const caFile = join(stateDir, 'tls', 'ca.pem');
    const first = served.servers[0];
    if (first) {
      const outputs = templateAmplifyOutputs(loaded, first.api, {
        graphqlUrl: first.server.httpsUrl,
        realtimeUrl: first.server.realtimeUrl,
        cognitoEndpoint,
        dynamodbEndpoint: dynamo.endpoint,
        region: LOCAL_REGION,
        caCertificatePath: relative(dirname(outputsFile), caFile),
      });
      writeFileSync(outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
    }
    io.stdout(`${describe(served, { dynamodb: dynamo.endpoint, cognito: cognitoEndpoint, outputsFile: first ? relative(io.cwd, outputsFile) : null })}\n`);
    const problems = formatProblems(loaded.problems);
    if (problems) io.stderr(`\n${problems}\n`);
    if (served.servers.length === 0) {
      io.stderr('\nNo AppSync API of the template could be served.\n');
      await stopAll();
      return 1;
    }
    io.stdout('\nPress Ctrl-C to stop.\n');
    await io.stopped;
    await stopAll();
    return EXIT_OK;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll();
    return 1;
  }
}

function describe(served: ServedTemplate, where: { dynamodb: string; cognito: string; outputsFile: string | null }): string {
  const { loaded } = served;
  const lines = ['', `Serving ${loaded.stackName} (${served.servers.length} AppSync API${served.servers.length === 1 ? '' : 's'}).`];
  for (const { api, server } of served.servers) {
    const keyMode = [api.config.defaultAuth, ...api.config.additionalAuth].find((m) => m.type === 'API_KEY');
    lines.push(
      '',
      `  ${api.config.name}  (${[api.config.defaultAuth, ...api.config.additionalAuth].map((m) => m.type).join(', ')})`,
      `    GraphQL      ${server.httpUrl}`,
      `                 ${server.httpsUrl}  (same port; TLS for browsers and aws-amplify)`,
      `    Real-time    ${server.realtimeUrl}`,
      `    GraphiQL     ${server.httpUrl.replace(/\/graphql$/, '')}/graphiql`,
      `    Resolvers    ${api.config.resolvers.length}, functions ${api.config.functions.length}, data sources ${api.config.dataSources.map((d) => d.name).join(', ') || 'none'}`,
      ...(keyMode?.type === 'API_KEY' ? keyMode.keys.map((k) => `    API key      ${k.id}`) : []),
    );
  }
  lines.push('');
  for (const [logicalId, pool] of Object.entries(loaded.pools.pools)) {
    lines.push(`  User pool      ${logicalId}: ${pool.userPoolId}, clients ${pool.clients.join(', ') || 'none'}${pool.groups.length ? `, groups ${pool.groups.map((g) => g.name).join(', ')}` : ''}`);
  }
  for (const [logicalId, table] of Object.entries(loaded.tables)) lines.push(`  Table          ${logicalId}: ${table}`);
  if (loaded.pipes.length > 0) lines.push(`  Pipes          ${loaded.pipes.length} from table streams`);
  if (loaded.lambda.functionNames.length > 0) lines.push(`  Functions      ${loaded.lambda.functionNames.join(', ')}`);
  if (loaded.events) {
    lines.push(`  EventBridge    ${loaded.events.endpoint}  (buses ${Object.keys(loaded.events.buses).join(', ')})`);
    if (loaded.events.queues.names.length > 0) lines.push(`  Queues         ${loaded.events.queues.names.join(', ')}`);
    const archives = Object.values(loaded.events.buses).flatMap((bus) => (bus.archiveArn ? [bus.archiveArn] : []));
    if (archives.length > 0) lines.push(`  Archives       ${archives.join(', ')}  (StartReplay on the EventBridge endpoint)`);
    const streams = Object.keys(loaded.events.deliveryStreams);
    // The folder stands for the S3 bucket: objects land under it with the keys Firehose would write.
    if (streams.length > 0) lines.push(`  Firehose       ${streams.join(', ')}  (objects under ${loaded.events.lakeDir})`);
  }
  lines.push(`  Cognito        ${where.cognito}`, `  DynamoDB       ${where.dynamodb}`);
  if (loaded.state.iam) lines.push(`  IAM (backend)  ${loaded.state.iam.accessKeyId} / ${loaded.state.iam.secretAccessKey}  region ${LOCAL_REGION}`);
  if (where.outputsFile) lines.push(`  Outputs        ${where.outputsFile}`);
  const skipped = Object.entries(loaded.skipped);
  if (skipped.length > 0) lines.push(`  Not needed locally: ${skipped.map(([type, n]) => `${n} ${type}`).join(', ')}`);
  return lines.join('\n');
}
