import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve';
import { freePort } from '../../src/services/free-port';
import { apiKeyMode } from '../realtime/appsync-auth';
import { Subscriber } from '../realtime/subscriber';
import { FIXTURES } from './support';

/** Whether something accepts connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/**
 * `appsync-local serve` as a person runs it, on fixtures/notes/template.yaml: its own DynamoDB
 * Local and cognito-local on free ports, a --parameter over the template's Default, the endpoints
 * and the one start-up message printed, amplify_outputs.json written and usable over HTTP and the
 * WebSocket, and everything stopped when Ctrl-C (the `stopped` promise the bin resolves on
 * SIGINT) comes.
 */
describe('appsync-local serve, from start-up to Ctrl-C', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-local-serve-run-'));
  const outputsFile = join(dir, 'amplify_outputs.json');
  let stdout = '';
  let stderr = '';
  let ports: { api: number; dynamodb: number; cognito: number };
  let ctrlC: () => void = () => undefined;
  let exit: Promise<number>;

  beforeAll(async () => {
    const [api, dynamodb, cognito] = await Promise.all([freePort(), freePort(), freePort()]);
    ports = { api, dynamodb, cognito };
    const stopped = new Promise<void>((done) => (ctrlC = done));
    let ready: () => void = () => undefined;
    const started = new Promise<void>((done) => (ready = done));
    exit = runServe(
      ['--template', join(FIXTURES, 'notes', 'template.yaml'), '--parameter', 'Greeting=hi', '--state-dir', join(dir, 'state'), '--outputs', outputsFile, '--port', String(api), '--dynamodb-port', String(dynamodb), '--cognito-port', String(cognito)],
      {
        stdout: (text) => {
          stdout += text;
          if (stdout.includes('Press Ctrl-C to stop.')) ready();
        },
        stderr: (text) => (stderr += text),
        cwd: dir,
        env: {},
        stopped,
      },
    );
    // A start-up that fails returns before printing the prompt: its exit code ends the wait too.
    await Promise.race([started, exit.then((code) => Promise.reject(new Error(`serve exited with ${code}: ${stderr}`)))]);
  }, 120_000);
  afterAll(async () => {
    ctrlC();
    await exit;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the endpoints and the API key, and names what is not served in one message on standard error', () => {
    // A SAM-style template.yaml is named after its folder.
    expect(stdout).toContain('Serving notes (1 AppSync API).');
    expect(stdout).toContain(`GraphQL      http://127.0.0.1:${ports.api}/graphql`);
    expect(stdout).toMatch(/API key {6}da2-/);
    expect(stdout).toContain(`DynamoDB       http://127.0.0.1:${ports.dynamodb}`);
    expect(stderr).toContain('3 parts of the template are not served locally; everything else is.');
    expect(stderr).toContain('- AWS::OpenSearchService::Domain: SearchDomain');
    expect(stderr).toContain('- SearchResolver (AWS::AppSync::Resolver)');
  });

  it('writes amplify_outputs.json whose URL, key and CA answer over HTTP and the WebSocket', async () => {
    const outputs = JSON.parse(readFileSync(outputsFile, 'utf8')) as { data: { url: string; api_key: string }; custom: { local: { realtimeUrl: string; caCertificatePath: string } } };
    expect(outputs.data.url).toBe(`https://127.0.0.1:${ports.api}/graphql`);
    expect(stdout).toContain(outputs.data.api_key);
    const ca = readFileSync(resolve(dirname(outputsFile), outputs.custom.local.caCertificatePath), 'utf8');
    const httpUrl = `http://127.0.0.1:${ports.api}/graphql`;
    const socket = await Subscriber.connect(outputs.custom.local.realtimeUrl, { ca, auth: apiKeyMode(httpUrl, outputs.data.api_key) });
    try {
      await socket.subscribe('ada', 'subscription { onAddNote(author: "ada") { author text } }');
      const response = await fetch(httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': outputs.data.api_key },
        body: JSON.stringify({ query: 'mutation { addNote(author: "ada", text: "cortado") { author text } }' }),
      });
      expect(await response.json()).toEqual({ data: { addNote: { author: 'ada', text: 'cortado' } } });
      // --parameter Greeting=hi makes the template's AlwaysTrue condition false, so GREETING is its other branch.
      const greeting = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': outputs.data.api_key }, body: JSON.stringify({ query: '{ greeting }' }) });
      expect(await greeting.json()).toEqual({ data: { greeting: 'nobody from notes-NotesTable' } });
      const pushed = await socket.client.next((frame) => frame.id === 'ada' && frame.type === 'data');
      expect(pushed.payload).toEqual({ data: { onAddNote: { author: 'ada', text: 'cortado' } } });
    } finally {
      await socket.close();
    }
  });

  it('stops the API, DynamoDB Local and cognito-local on Ctrl-C and exits 0', async () => {
    expect(await listening(ports.dynamodb)).toBe(true);
    ctrlC();
    expect(await exit).toBe(0);
    expect(await Promise.all([listening(ports.api), listening(ports.dynamodb), listening(ports.cognito)])).toEqual([false, false, false]);
  });
});
