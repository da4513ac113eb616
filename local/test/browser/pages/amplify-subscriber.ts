import { Amplify } from 'aws-amplify';
import { type GraphQLSubscription, generateClient } from 'aws-amplify/api';
import { signIn } from 'aws-amplify/auth';

/**
 * A browser page that does what an app does: configures the unmodified aws-amplify v6 with the
 * API URL, signs in through the user pool endpoint (USER_PASSWORD_AUTH), subscribes, and shows
 * every event it receives as one list item of JSON. #status tells a test where the page is.
 */

export interface AmplifySubscriberConfig {
  /** https://localhost:PORT/graphql */
  endpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  /** cognito-local's URL. */
  userPoolEndpoint: string;
  username: string;
  password: string;
  query: string;
  variables?: Record<string, string>;
}

const config = JSON.parse(document.getElementById('page-config')?.textContent ?? '{}') as AmplifySubscriberConfig;
const status = document.getElementById('status');
const events = document.getElementById('events');
const errors = document.getElementById('errors');

function show(state: string): void {
  if (status) status.textContent = state;
}

function fail(error: unknown): void {
  show('failed');
  if (errors) errors.textContent += `${error instanceof Error ? error.message : JSON.stringify(error)}\n`;
}

async function main(): Promise<void> {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, userPoolEndpoint: config.userPoolEndpoint } },
    API: { GraphQL: { endpoint: config.endpoint, region: 'local', defaultAuthMode: 'userPool' } },
  });
  show('signing in');
  await signIn({ username: config.username, password: config.password, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  show('subscribing');
  generateClient()
    .graphql<GraphQLSubscription<Record<string, unknown>>>({ query: config.query, variables: config.variables ?? {} })
    .subscribe({
      next: (event) => {
        const item = document.createElement('li');
        item.textContent = JSON.stringify(event.data);
        events?.append(item);
      },
      error: fail,
    });
}

main().catch(fail);
