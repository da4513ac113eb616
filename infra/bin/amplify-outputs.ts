/**
 * Writes amplify_outputs.json for a deployed stack:
 *
 *   npx cdk deploy --outputs-file cdk-outputs.json
 *   npx tsx infra/bin/amplify-outputs.ts [cdk-outputs.json] [amplify_outputs.json] [stack name]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { apiDefinition } from '../api';
import { deployedAmplifyOutputs, type StackOutputs } from '../lib/amplify-outputs';

const [outputsFile = 'cdk-outputs.json', target = 'amplify_outputs.json', stackName = 'BrewlineApi'] = process.argv.slice(2);
const stacks = JSON.parse(readFileSync(outputsFile, 'utf8')) as Record<string, StackOutputs>;
const outputs = stacks[stackName];
if (!outputs) {
  console.error(`${outputsFile} has no outputs of stack ${stackName} (it has: ${Object.keys(stacks).join(', ') || 'none'}).`);
  process.exit(1);
}
writeFileSync(target, `${JSON.stringify(deployedAmplifyOutputs(apiDefinition, outputs), null, 2)}\n`);
console.log(`Wrote ${target} for ${outputs['GraphQLUrl']}.`);
