/**
 * Peer for the NONE-data-source query: graphql-yoga with the same field written in plain JS,
 * which is what a developer would reach for instead of an AppSync runtime.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { host } from '../lib/host';

export interface YogaServerInfo {
  httpUrl: string;
}

host<YogaServerInfo>(async () => {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello(name: String!): String }',
      resolvers: { Query: { hello: (_: unknown, args: { name: string }) => `Hello, ${args.name}` } },
    }),
    logging: false,
    graphiql: false,
    landingPage: false,
  });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    info: { httpUrl: `http://127.0.0.1:${port}/graphql` },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
