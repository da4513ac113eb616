import { fileURLToPath } from 'node:url';
import { captureOutput, killOnExit, stopChild } from '../local/src/services/child-process';
import { firstMessage, forkWithWatchdog } from '../local/src/services/watchdog';
import { ensureSecretKey } from './api-keys';
import type { BrowserOrigins } from './http';
import type { FromSandbox, ToSandbox } from './process';

export type { BrowserOrigins } from './http';

export interface PaymentSandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where the state and the secret key live; the same dir after a restart keeps both. */
  dataDir: string;
  /** Defaults to 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  /**
   * The origins whose pages may tokenize cards from the browser (CORS on /v1/tokens only): the
   * runtime's own origins under `npm start`; 'loopback' for test rigs whose ports are picked late.
   * Defaults to none.
   */
  browserOrigins?: BrowserOrigins;
  /** One line per request (method, path, status); bodies are never logged, so no card data is. */
  log?: (line: string) => void;
}

export interface RunningPaymentSandbox {
  /** e.g. http://127.0.0.1:4010, without a trailing slash. */
  url: string;
  /** The key every call but tokenization must carry (`Authorization: Bearer sk_test_...`). */
  secretKey: string;
  /** The sandbox's process id: it runs apart from the caller. */
  pid: number;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./process.ts', import.meta.url));

/**
 * Starts the local payment gateway (see payment-sandbox/README.md for its API and test cards) in
 * a process of its own, which dies with the caller. `npm start` and the API tests run it; the
 * payments Lambda reaches it at PAYMENT_SANDBOX_URL with PAYMENT_SANDBOX_SECRET_KEY.
 */
export async function startPaymentSandbox(options: PaymentSandboxOptions): Promise<RunningPaymentSandbox> {
  const secretKey = ensureSecretKey(options.dataDir);
  const child = forkWithWatchdog(entry);
  killOnExit(child);
  const output = captureOutput(child);
  const log = options.log;
  if (log) child.on('message', (message: FromSandbox) => message.type === 'log' && log(message.line));
  const start: ToSandbox = {
    type: 'start',
    options: {
      port: options.port,
      dataDir: options.dataDir,
      host: options.host ?? '127.0.0.1',
      secretKey,
      browserOrigins: options.browserOrigins ?? [],
      log: log !== undefined,
    },
  };
  child.send(start);
  const url = await firstMessage(
    child,
    (message) => {
      const m = message as FromSandbox;
      if (m.type === 'failed') throw new Error(`The payment sandbox did not start: ${m.message}`);
      return m.type === 'ready' ? m.url : undefined;
    },
    output,
    'The payment sandbox',
  );
  return {
    url,
    secretKey,
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const stop: ToSandbox = { type: 'stop' };
      // The child may be exiting already (Ctrl-C reaches the whole process group): a send that
      // finds the channel closed is no error here.
      if (child.connected) child.send(stop, () => undefined);
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      await stopChild(child);
    },
  };
}
