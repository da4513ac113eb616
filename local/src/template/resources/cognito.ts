import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_CREDENTIALS } from '../../services/provision';
import { arn, type TemplateContext } from '../context';
import type { TemplateState } from '../state';

/**
 * AWS::Cognito::UserPool, UserPoolClient and UserPoolGroup in cognito-local. The properties are
 * CreateUserPool's, CreateUserPoolClient's and CreateGroup's (aws-resource-cognito-userpool.html
 * and siblings); the ones cognito-local does not model (messages, recovery, triggers) are not sent.
 * A pool or client remembered from an earlier start is reused while cognito-local still has it.
 */

type Props = Record<string, unknown>;

/** The CreateUserPool fields cognito-local acts on. */
const POOL_FIELDS = ['Policies', 'UsernameAttributes', 'AliasAttributes', 'AutoVerifiedAttributes', 'AdminCreateUserConfig', 'Schema', 'UsernameConfiguration'];

export function toCreateUserPoolInput(ctx: TemplateContext, logicalId: string, props: Props): CreateUserPoolCommandInput {
  const input: Props = { PoolName: typeof props.UserPoolName === 'string' ? props.UserPoolName : `${ctx.options.stackName}-${logicalId}` };
  for (const field of POOL_FIELDS) if (props[field] !== undefined) input[field] = props[field];
  return input as unknown as CreateUserPoolCommandInput;
}

/**
 * cognito-local implements USER_PASSWORD_AUTH but not SRP, so the local client always allows it
 * beside the template's flows (as `npm start` does; README "Demo logins").
 */
export function toCreateUserPoolClientInput(props: Props, userPoolId: string, logicalId: string): CreateUserPoolClientCommandInput {
  const flows = new Set((props.ExplicitAuthFlows as string[] | undefined) ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  flows.add('ALLOW_USER_PASSWORD_AUTH');
  return {
    UserPoolId: userPoolId,
    ClientName: typeof props.ClientName === 'string' ? props.ClientName : logicalId,
    GenerateSecret: props.GenerateSecret === true,
    ExplicitAuthFlows: [...flows] as CreateUserPoolClientCommandInput['ExplicitAuthFlows'],
    ...(props.AccessTokenValidity !== undefined && { AccessTokenValidity: Number(props.AccessTokenValidity) }),
    ...(props.IdTokenValidity !== undefined && { IdTokenValidity: Number(props.IdTokenValidity) }),
    ...(props.RefreshTokenValidity !== undefined && { RefreshTokenValidity: Number(props.RefreshTokenValidity) }),
    ...(props.TokenValidityUnits !== undefined && { TokenValidityUnits: props.TokenValidityUnits as CreateUserPoolClientCommandInput['TokenValidityUnits'] }),
  };
}

export interface ProvisionedPools {
  /** Pool id by logical id, and each pool's issuer, for the API's auth config. */
  pools: Record<string, { userPoolId: string; clients: string[]; groups: Array<{ name: string; precedence?: number }>; props: Props }>;
}

export async function provisionUserPools(
  ctx: TemplateContext,
  endpoint: string,
  state: TemplateState,
  issuerFor: (userPoolId: string) => string,
): Promise<ProvisionedPools> {
  const client = new CognitoIdentityProviderClient({ endpoint, region: ctx.options.region, credentials: LOCAL_CREDENTIALS });
  const out: ProvisionedPools = { pools: {} };
  const exists = (check: Promise<unknown>): Promise<boolean> => check.then(() => true).catch(() => false);
  try {
    for (const [logicalId, resource] of ctx.resourcesOf('AWS::Cognito::UserPool')) {
      await ctx.attemptAsync(logicalId, resource.Type, async () => {
        const props = ctx.properties(resource);
        const known = state.pools[logicalId];
        let userPoolId = known && (await exists(client.send(new DescribeUserPoolCommand({ UserPoolId: known })))) ? known : undefined;
        if (!userPoolId) {
          userPoolId = (await client.send(new CreateUserPoolCommand(toCreateUserPoolInput(ctx, logicalId, props)))).UserPool?.Id;
          if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
          state.pools[logicalId] = userPoolId;
          // A new pool has none of the old pool's clients.
          for (const [clientLogicalId, poolOf] of Object.entries(clientPools(ctx))) if (poolOf === logicalId) delete state.clients[clientLogicalId];
        }
        const id = userPoolId;
        out.pools[logicalId] = { userPoolId: id, clients: [], groups: [], props };
        ctx.physical.set(logicalId, {
          ref: id,
          attributes: {
            Arn: arn('cognito-idp', ctx.options.region, `userpool/${id}`),
            ProviderName: issuerFor(id).replace(/^https?:\/\//, ''),
            ProviderURL: issuerFor(id),
            UserPoolId: id,
          },
        });
      });
    }
    for (const [logicalId, resource] of ctx.resourcesOf('AWS::Cognito::UserPoolClient')) {
      await ctx.attemptAsync(logicalId, resource.Type, async () => {
        const props = ctx.properties(resource);
        const userPoolId = String(props.UserPoolId);
        const known = state.clients[logicalId];
        let clientId =
          known && (await exists(client.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: known })))) ? known : undefined;
        if (!clientId) {
          clientId = (await client.send(new CreateUserPoolClientCommand(toCreateUserPoolClientInput(props, userPoolId, logicalId)))).UserPoolClient?.ClientId;
          if (!clientId) throw new Error('cognito-local created an app client without an id');
          state.clients[logicalId] = clientId;
        }
        Object.values(out.pools).find((p) => p.userPoolId === userPoolId)?.clients.push(clientId);
        ctx.physical.set(logicalId, { ref: clientId, attributes: { ClientId: clientId, Name: props.ClientName ?? logicalId } });
      });
    }
    for (const [logicalId, resource] of ctx.resourcesOf('AWS::Cognito::UserPoolGroup')) {
      await ctx.attemptAsync(logicalId, resource.Type, async () => {
        const props = ctx.properties(resource);
        const name = typeof props.GroupName === 'string' ? props.GroupName : logicalId;
        const userPoolId = String(props.UserPoolId);
        await client
          .send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: name, ...(typeof props.Description === 'string' && { Description: props.Description }), ...(props.Precedence !== undefined && { Precedence: Number(props.Precedence) }) }))
          .catch((error: unknown) => {
            if ((error as { name?: string }).name !== 'GroupExistsException') throw error;
          });
        Object.values(out.pools).find((p) => p.userPoolId === userPoolId)?.groups.push({ name, ...(props.Precedence !== undefined && { precedence: Number(props.Precedence) }) });
        ctx.physical.set(logicalId, { ref: name, attributes: {} });
      });
    }
  } finally {
    client.destroy();
  }
  return out;
}

/** Which pool each client belongs to, by logical ids, when the template says so with a plain Ref. */
function clientPools(ctx: TemplateContext): Record<string, string> {
  return Object.fromEntries(
    ctx.resourcesOf('AWS::Cognito::UserPoolClient').flatMap(([id, resource]) => {
      const ref = (resource.Properties?.UserPoolId as { Ref?: unknown } | undefined)?.Ref;
      return typeof ref === 'string' ? [[id, ref]] : [];
    }),
  );
}
