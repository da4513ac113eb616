/**
 * Scenario 2: a NONE-data-source query through our runtime (auth, APPSYNC_JS request and response
 * functions in the sandbox) against graphql-yoga running the same field in plain JS, and against
 * amplify-appsync-simulator (amplify mock's engine) with the equivalent VTL resolver.
 */
import { type BenchProcess, startBenchProcess } from '../lib/child';
import type { ProcessSample } from '../lib/host';
import { expectGraphqlData, runHttpLoad, type HttpLoadResult } from '../lib/http-load';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { SimulatorServerInfo, SimulatorServerOptions } from '../servers/simulator';
import type { YogaServerInfo } from '../servers/yoga';

const QUERY = JSON.stringify({ query: 'query Hello($name: String!) { hello(name: $name) }', variables: { name: 'bench' } });
const EXPECTED = '{"data":{"hello":"Hello, bench"}}';
/** The simulator checks the key only for equality; any AppSync-shaped key will do. */
const SIMULATOR_KEY = 'da2-benchbenchbenchbenchbenchbe';

interface Contender {
  label: string;
  reference: boolean;
  start(): Promise<{ process: BenchProcess<unknown>; url: string; headers: Record<string, string> }>;
}

const scenario: Scenario = {
  id: '2',
  title: 'NONE-data-source query: runtime vs graphql-yoga vs amplify-appsync-simulator',
  async run(context: BenchContext) {
    const warmupMs = context.size(2_000, 200);
    const durationMs = context.size(8_000, 500);
    const maxRequests = context.size(1_000_000, 2_000);
    const contenders: Contender[] = [
      {
        label: 'graphql-yoga, plain JS resolver',
        reference: true,
        async start() {
          const yoga = await startBenchProcess<YogaServerInfo>('servers/yoga.ts', {});
          return { process: yoga, url: yoga.info.httpUrl, headers: {} };
        },
      },
      {
        label: 'runtime, APPSYNC_JS resolver on NONE, API key',
        reference: false,
        async start() {
          const runtime = await context.startRuntime();
          return { process: runtime, url: runtime.info.httpUrl, headers: { 'x-api-key': runtime.info.apiKey } };
        },
      },
      {
        label: 'amplify-appsync-simulator, VTL resolver on NONE, API key',
        reference: false,
        async start() {
          const simulator = await startBenchProcess<SimulatorServerInfo>('servers/simulator.ts', {
            apiKey: SIMULATOR_KEY,
            tlsDir: null,
          } satisfies SimulatorServerOptions);
          return { process: simulator, url: simulator.info.httpUrl, headers: { 'x-api-key': SIMULATOR_KEY } };
        },
      },
    ];

    const rows: Row[] = [];
    for (const concurrency of [1, 32]) {
      for (const contender of contenders) {
        const server = await contender.start();
        let result: HttpLoadResult;
        let last: ProcessSample | null = null;
        try {
          result = await runHttpLoad({
            url: server.url,
            headers: server.headers,
            body: QUERY,
            concurrency,
            warmupMs,
            durationMs,
            maxRequests,
            check(status, body) {
              expectGraphqlData(status, body);
              if (body !== EXPECTED) throw new Error(`${contender.label} answered ${body.slice(0, 300)}`);
            },
          });
        } finally {
          last = await server.process.stop();
        }
        rows.push({
          group: `hello c=${concurrency}`,
          label: `${contender.label}, c=${concurrency}`,
          reference: contender.reference,
          throughput: { value: result.requestsPerSecond, unit: 'req/s' },
          p50Ms: result.latencyMs.p50,
          p99Ms: result.latencyMs.p99,
          peakRssBytes: last?.maxRss ?? null,
          note: `${result.requests.toLocaleString('en-US')} requests`,
          detail: { ...result },
        });
        context.log(`  ${contender.label}, c=${concurrency}: ${result.requestsPerSecond.toFixed(0)} req/s`);
      }
    }
    return {
      rows,
      notes: [
        'The same field three ways: `hello(name: String!): String` answering `Hello, <name>`. Our runtime and the simulator check an API key on every request; yoga has no auth, as a developer would write it.',
        'Each server runs in its own process (TypeScript through tsx for all three), the load generator in the bench process; responses are checked byte for byte.',
        'amplify-appsync-simulator installs and runs on Node 20 here. It binds every interface (its start() takes no host); the bench dials 127.0.0.1 only.',
      ],
    };
  },
};

export default scenario;
