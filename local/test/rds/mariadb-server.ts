import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

/**
 * A throwaway MariaDB (or MySQL) server for the Aurora MySQL tests: a fresh datadir under the
 * system temp folder, listening on 127.0.0.1 on a free port (and a socket in the same folder),
 * stopped and deleted by `stop()`. It needs Debian's `mariadb-server` package (mariadbd and
 * mariadb-install-db); `findMariadb()` says whether it is there, so tests can skip saying how
 * to install it.
 */
const SEARCH = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

function which(names: string[]): string | undefined {
  for (const name of names) {
    for (const dir of SEARCH) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export interface MariadbBinaries {
  server: string;
  installDb: string;
}

export function findMariadb(): MariadbBinaries | undefined {
  const server = which(['mariadbd', 'mysqld']);
  const installDb = which(['mariadb-install-db', 'mysql_install_db']);
  return server && installDb ? { server, installDb } : undefined;
}

export const MARIADB_MISSING = 'no MariaDB server binaries (mariadbd, mariadb-install-db): apt-get install -y --no-install-recommends mariadb-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningMariadb {
  /** mysql://root@127.0.0.1:<port>/<database> */
  connectionString: string;
  stop(): Promise<void>;
}

/** Starts a server with an empty `database`; root has no password and connects over TCP. */
export async function startMariadb(binaries: MariadbBinaries, database: string): Promise<RunningMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'rds-mariadb-'));
  const datadir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  // As root the server must be told to run as root (it refuses otherwise); as anyone else it runs as them.
  const asRoot = process.getuid?.() === 0;
  const userArgs = asRoot ? ['--user=root'] : [];
  execFileSync(binaries.installDb, ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...userArgs], { stdio: 'pipe' });
  const port = await freePort();
  const server: ChildProcess = spawn(
    binaries.server,
    ['--no-defaults', `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-flush-log-at-trx-commit=0', ...userArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`mariadbd exited with ${code} before it was ready:\n${log}`));
    server.once('exit', onExit);
    server.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      // The server prints this once it listens on the port and the socket.
      if (log.includes('ready for connections')) {
        server.off('exit', onExit);
        resolve();
      }
    });
  });
  const admin = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
  try {
    await admin.query(`CREATE DATABASE ${mysql.escapeId(database)}`);
  } finally {
    await admin.end();
  }
  return {
    connectionString: `mysql://root@127.0.0.1:${port}/${database}`,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        // SIGTERM is mariadbd's normal shutdown.
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
