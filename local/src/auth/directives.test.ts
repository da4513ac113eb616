import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../identity';
import type { AuthConfig } from './authenticate';
import type { CognitoModeConfig } from './cognito-jwt';
import { authorizeField, fieldAuthorizer } from './directives';

const declarations = readFileSync(new URL('../project/appsync-declarations.graphql', import.meta.url), 'utf8');

const schema = buildSchema(
  declarations +
    /* GraphQL */ `
    type Query {
      defaultOnly: Thing
      keyOnly: String @aws_api_key
      managers: String @aws_cognito_user_pools(cognito_groups: ["Managers", "Owners"])
      anyUser: String @aws_cognito_user_pools
      both: Public @aws_api_key @aws_cognito_user_pools
      closedReturn: Secret @aws_api_key
      openReturn: Thing @aws_api_key
      managersOnly: Thing @aws_auth(cognito_groups: ["Managers"])
    }
    type Thing {
      name: String
      nestedAuth: String @aws_auth(cognito_groups: ["Managers"])
    }
    type Public @aws_api_key @aws_cognito_user_pools {
      name: String
      internal: String @aws_iam
    }
    type Secret @aws_iam {
      name: String
    }
  `,
);

const cognito: CognitoModeConfig = {
  type: 'AMAZON_COGNITO_USER_POOLS',
  userPoolId: 'local_pool',
  issuer: 'http://127.0.0.1:9229/local_pool',
  jwksUri: 'http://127.0.0.1:9229/local_pool/.well-known/jwks.json',
};
const multiMode: AuthConfig = {
  defaultAuth: cognito,
  additionalAuth: [
    { type: 'API_KEY', keys: [] },
    { type: 'AWS_IAM', region: 'local', credentials: [] },
  ],
};
const cognitoOnly: AuthConfig = { defaultAuth: cognito, additionalAuth: [] };
const cognitoOnlyDeny: AuthConfig = { defaultAuth: { ...cognito, defaultAction: 'DENY' }, additionalAuth: [] };

const apiKeyCaller: AuthContext = { mode: 'API_KEY', identity: null, headers: {} };
const iamCaller: AuthContext = {
  mode: 'AWS_IAM',
  identity: {
    accountId: '111122223333',
    cognitoIdentityPoolId: null,
    cognitoIdentityId: null,
    sourceIp: ['127.0.0.1'],
    username: 'AKIDBACKEND',
    userArn: 'arn:aws:iam::111122223333:user/backend',
    cognitoIdentityAuthType: null,
    cognitoIdentityAuthProvider: null,
  },
  headers: {},
};
function userIn(groups: string[] | null): AuthContext {
  return {
    mode: 'AMAZON_COGNITO_USER_POOLS',
    identity: {
      sub: 'sub-1',
      issuer: cognito.issuer,
      username: 'alice',
      claims: {},
      sourceIp: ['127.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups,
    },
    headers: {},
  };
}

function denial(field: string, type: string) {
  return { errorType: 'Unauthorized', message: `Not Authorized to access ${field} on type ${type}` };
}

describe('a field with no auth directive on it or on its type', () => {
  it('is open to the default mode', () => {
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'defaultOnly')).toBeNull();
  });

  it('is closed to the additional modes, with AppSync’s Unauthorized error', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Query', 'defaultOnly')).toEqual(
      denial('defaultOnly', 'Query'),
    );
    expect(authorizeField(schema, multiMode, iamCaller, 'Query', 'defaultOnly')).toEqual(denial('defaultOnly', 'Query'));
  });
});

describe('a field marked @aws_api_key only', () => {
  it('is open to API key callers', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Query', 'keyOnly')).toBeNull();
  });

  it('is closed to the default mode, which an explicit directive shuts out', () => {
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'keyOnly')).toEqual(denial('keyOnly', 'Query'));
  });
});

describe('cognito_groups', () => {
  it('admits a member of any one of the listed groups', () => {
    expect(authorizeField(schema, multiMode, userIn(['Managers']), 'Query', 'managers')).toBeNull();
    expect(authorizeField(schema, multiMode, userIn(['Baristas', 'Owners']), 'Query', 'managers')).toBeNull();
  });

  it('turns away users outside the groups and users in no group', () => {
    expect(authorizeField(schema, multiMode, userIn(['Baristas']), 'Query', 'managers')).toEqual(
      denial('managers', 'Query'),
    );
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'managers')).toEqual(denial('managers', 'Query'));
  });

  it('is absent from @aws_cognito_user_pools without arguments, which admits every user of the pool', () => {
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'anyUser')).toBeNull();
  });
});

describe('field directives and type directives', () => {
  it('lets a type’s directives cover its fields', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Public', 'name')).toBeNull();
    expect(authorizeField(schema, multiMode, iamCaller, 'Public', 'name')).toEqual(denial('name', 'Public'));
  });

  it('lets a field’s directives override its type’s, not add to them', () => {
    expect(authorizeField(schema, multiMode, iamCaller, 'Public', 'internal')).toBeNull();
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Public', 'internal')).toEqual(denial('internal', 'Public'));
  });

  it('opens a field with several directives to each of those modes and no other', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Query', 'both')).toBeNull();
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'both')).toBeNull();
    expect(authorizeField(schema, multiMode, iamCaller, 'Query', 'both')).toEqual(denial('both', 'Query'));
  });
});

describe('the type a field returns', () => {
  it('closes the field itself when its own directives shut the caller out, naming the return type', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Query', 'closedReturn')).toEqual(
      denial('closedReturn', 'Secret'),
    );
  });

  it('leaves an undirected return type to its fields, which only the default mode may read', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Query', 'openReturn')).toBeNull();
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Thing', 'name')).toEqual(denial('name', 'Thing'));
    expect(authorizeField(schema, multiMode, userIn(null), 'Thing', 'name')).toBeNull();
  });
});

describe('@aws_auth', () => {
  it('restricts a root field to its groups when Cognito is the only mode', () => {
    expect(authorizeField(schema, cognitoOnly, userIn(['Managers']), 'Query', 'managersOnly')).toBeNull();
    expect(authorizeField(schema, cognitoOnly, userIn(['Baristas']), 'Query', 'managersOnly')).toEqual(
      denial('managersOnly', 'Query'),
    );
  });

  it('is ignored below the root types', () => {
    expect(authorizeField(schema, cognitoOnly, userIn(['Baristas']), 'Thing', 'nestedAuth')).toBeNull();
  });

  it('is ignored when the API has additional modes, leaving the field to the default mode', () => {
    expect(authorizeField(schema, multiMode, userIn(['Baristas']), 'Query', 'managersOnly')).toBeNull();
  });

  it('is the only way into a root field when the default action is DENY', () => {
    expect(authorizeField(schema, cognitoOnlyDeny, userIn(['Managers']), 'Query', 'managersOnly')).toBeNull();
    expect(authorizeField(schema, cognitoOnlyDeny, userIn(['Managers']), 'Query', 'defaultOnly')).toEqual(
      denial('defaultOnly', 'Query'),
    );
    expect(authorizeField(schema, cognitoOnlyDeny, userIn(null), 'Thing', 'name')).toBeNull();
  });
});

describe('fields outside the rules', () => {
  it('always allows meta fields such as __typename', () => {
    expect(authorizeField(schema, multiMode, apiKeyCaller, 'Secret', '__typename')).toBeNull();
  });

  it('denies a field the schema does not have', () => {
    expect(authorizeField(schema, multiMode, userIn(null), 'Query', 'nope')).toEqual(denial('nope', 'Query'));
  });
});

describe('fieldAuthorizer', () => {
  it('gives the same decisions in the executor’s argument order', () => {
    const authorize = fieldAuthorizer(schema, multiMode);
    expect(authorize('Query', 'keyOnly', apiKeyCaller)).toBeNull();
    expect(authorize('Query', 'keyOnly', iamCaller)).toEqual(denial('keyOnly', 'Query'));
  });
});

describe('@aws_lambda, @aws_oidc and a Lambda authorizer’s deniedFields', () => {
  const lambdaSchema = buildSchema(
    declarations +
      /* GraphQL */ `
      type Query {
        lambdaOnly: Card @aws_lambda
        oidcOnly: String @aws_oidc
        plain: String
      }
      type Card @aws_lambda {
        number: String
        holder: String
      }
    `,
  );
  const lambdaFirst: AuthConfig = {
    defaultAuth: { type: 'AWS_LAMBDA', authorizerUri: 'authorizer' },
    additionalAuth: [{ type: 'OPENID_CONNECT', issuer: 'https://issuer.example' }],
  };
  const lambdaCaller = (denied: string[] = []): AuthContext => ({ mode: 'AWS_LAMBDA', identity: { resolverContext: {} }, headers: {}, deniedFields: new Set(denied) });
  const oidcCaller: AuthContext = { mode: 'OPENID_CONNECT', identity: { sub: 's', issuer: 'https://issuer.example', claims: {} }, headers: {} };

  it('admits each mode where its directive stands, and the default mode on undirected fields', () => {
    expect(authorizeField(lambdaSchema, lambdaFirst, lambdaCaller(), 'Query', 'lambdaOnly')).toBeNull();
    expect(authorizeField(lambdaSchema, lambdaFirst, oidcCaller, 'Query', 'oidcOnly')).toBeNull();
    expect(authorizeField(lambdaSchema, lambdaFirst, lambdaCaller(), 'Query', 'plain')).toBeNull();
    expect(authorizeField(lambdaSchema, lambdaFirst, oidcCaller, 'Query', 'plain')).toEqual({ errorType: 'Unauthorized', message: 'Not Authorized to access plain on type Query' });
    expect(authorizeField(lambdaSchema, lambdaFirst, lambdaCaller(), 'Query', 'oidcOnly')).toEqual({ errorType: 'Unauthorized', message: 'Not Authorized to access oidcOnly on type Query' });
    expect(authorizeField(lambdaSchema, lambdaFirst, oidcCaller, 'Card', 'number')).toEqual({ errorType: 'Unauthorized', message: 'Not Authorized to access number on type Card' });
  });

  it('closes the fields the authorizer denied, even where the directives admit the caller', () => {
    const caller = lambdaCaller(['Card.number']);
    expect(authorizeField(lambdaSchema, lambdaFirst, caller, 'Card', 'number')).toEqual({ errorType: 'Unauthorized', message: 'Not Authorized to access number on type Card' });
    expect(authorizeField(lambdaSchema, lambdaFirst, caller, 'Card', 'holder')).toBeNull();
  });
});
