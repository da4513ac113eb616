import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiDefinition } from '../../local/src/project/definitions';
import { dataSources } from './data-sources';
import { environmentVariables } from './environment';
import { events } from './events';
import { functions } from './functions';
import { tables } from './tables';
import { userPool } from './user-pool';

const rootDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const inRoot = (path: string) => join(rootDir, path);

/** The whole API as data: the CDK stack and `npm start` are both built from this. */
export const apiDefinition: ApiDefinition = {
  name: 'brewline',
  rootDir,
  schemaFiles: [inRoot('schema/schema.graphql')],
  resolversDir: inRoot('resolvers'),
  tables,
  userPool,
  dataSources,
  authModes: { default: 'AMAZON_COGNITO_USER_POOLS', additional: ['API_KEY', 'AWS_IAM'] },
  apiKey: { description: 'Public menu for signed-out visitors', expiresAfterDays: 365 },
  environmentVariables,
  functions,
  events,
};
