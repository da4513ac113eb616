import type { UserPoolDefinition } from '../../local/src/project/definitions';

/** The Cognito user pool: CDK deploys it, `npm start` recreates it in cognito-local. */
export const userPool: UserPoolDefinition = {
  signInWith: 'email',
  selfSignUp: true,
  groups: [
    { name: 'Customers', description: 'Order drinks and follow their orders.', precedence: 30 },
    { name: 'Baristas', description: 'Work the order queue.', precedence: 20 },
    { name: 'Managers', description: 'Run the shop: menu, staff.', precedence: 10 },
  ],
  passwordPolicy: {
    minLength: 8,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
    tempPasswordValidityDays: 7,
  },
  client: {
    name: 'web',
    authFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
    localAuthFlows: ['USER_PASSWORD_AUTH'],
    accessTokenValidityMinutes: 60,
    idTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
  },
};
