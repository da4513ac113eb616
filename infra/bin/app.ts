import { App } from 'aws-cdk-lib';
import { loadProject } from '../../local/src/project';
import { apiDefinition } from '../api';
import { deployment } from '../api/deployment';
import { ApiStack } from '../lib/api-stack';

const app = new App();
// The same loader `npm start` uses: a wiring or bundling problem stops synth with every problem listed.
const project = await loadProject(apiDefinition);
new ApiStack(app, 'BrewlineApi', {
  definition: apiDefinition,
  project,
  deployment,
  env: { account: process.env['CDK_DEFAULT_ACCOUNT'], region: process.env['CDK_DEFAULT_REGION'] },
});
app.synth();
