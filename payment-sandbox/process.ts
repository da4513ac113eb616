/**
 * The sandbox's own process (forked by startPaymentSandbox): a token flood is served here, not on
 * the API's event loop. It exits when its parent does (exitWithParent), and on a `stop` message.
 */
import { exitWithParent } from '../local/src/services/watchdog';
import { serveSandbox, type SandboxServer, type SandboxServerOptions } from './http';

export type ToSandbox = { type: 'start'; options: Omit<SandboxServerOptions, 'log'> & { log: boolean } } | { type: 'stop' };
export type FromSandbox = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { type: 'log'; line: string };

exitWithParent();
// What this process writes (user files with passwords, charges) is this user's only.
process.umask(0o077);
const send = (message: FromSandbox): void => {
  process.send?.(message);
};
let running: SandboxServer | undefined;

process.on('message', (message: ToSandbox) => {
  if (message.type === 'start') {
    const { log, ...options } = message.options;
    serveSandbox({ ...options, log: log ? (line) => send({ type: 'log', line }) : () => undefined })
      .then((server) => {
        running = server;
        send({ type: 'ready', url: server.url });
      })
      .catch((error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
    return;
  }
  void (running?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
