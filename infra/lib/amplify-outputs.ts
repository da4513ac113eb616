import type { ApiDefinition } from '../../local/src/project/definitions';
import { amplifyOutputs } from '../../local/src/services/amplify-outputs';

/** The stack outputs a client needs (ApiStack's CfnOutputs, as `cdk deploy --outputs-file` writes them). */
export const CLIENT_OUTPUTS = ['GraphQLUrl', 'ApiKey', 'UserPoolId', 'UserPoolClientId', 'Region'] as const;

export type StackOutputs = Record<string, string>;

/**
 * amplify_outputs.json for a deployed stack, in the format `npm start` writes for the local one
 * (local/src/services/amplify-outputs.ts is that format's one definition). A deployed stack has
 * no local endpoints, so the `custom.local` block is left out: aws-amplify then talks to AWS, and
 * derives the real-time endpoint from the GraphQL URL as it does for any AppSync API.
 */
export function deployedAmplifyOutputs(definition: ApiDefinition, outputs: StackOutputs): Record<string, unknown> {
  const missing = CLIENT_OUTPUTS.filter((name) => name !== 'ApiKey' && !outputs[name]);
  if (missing.length > 0) throw new Error(`The stack outputs lack ${missing.join(', ')}; deploy with --outputs-file and pass that file.`);
  const value = (name: (typeof CLIENT_OUTPUTS)[number]): string => outputs[name] ?? '';
  const outputsForLocal = amplifyOutputs({
    definition,
    region: value('Region'),
    userPoolId: value('UserPoolId'),
    clientId: value('UserPoolClientId'),
    apiKey: outputs['ApiKey'],
    endpoints: { graphqlUrl: value('GraphQLUrl'), realtimeUrl: '', cognitoEndpoint: '', dynamodbEndpoint: '' },
  });
  return Object.fromEntries(Object.entries(outputsForLocal).filter(([section]) => section !== 'custom'));
}
