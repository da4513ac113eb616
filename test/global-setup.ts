import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCognitoLocal } from '../local/src/services/cognito-local';
import { startDynamoDbLocal } from '../local/src/services/dynamodb-local';

/**
 * One DynamoDB Local and one cognito-local for the whole run: starting the JVM per file would
 * cost seconds each. Test files isolate themselves (unique table names, their own user pool).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cognitoDir = mkdtempSync(join(tmpdir(), 'brewline-cognito-'));
  // 'loopback': the browser tests sign in from runtimes on ports picked later, file by file.
  const [dynamo, cognito] = await Promise.all([startDynamoDbLocal(), startCognitoLocal({ dataDir: cognitoDir, browserOrigins: 'loopback' })]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('cognitoEndpoint', cognito.endpoint);
  // cognito-local keeps each pool in <dir>/.cognito/db/<poolId>.json, confirmation codes included.
  project.provide('cognitoDataDir', cognitoDir);
  return async () => {
    await Promise.all([dynamo.stop(), cognito.stop()]);
    rmSync(cognitoDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    cognitoEndpoint: string;
    cognitoDataDir: string;
  }
}
