/**
 * A PostgreSQL of the bench's own, made with initdb in a temporary folder and listening on
 * another loopback port, with pg_stat_statements loaded: the share of each request spent in
 * the database comes from it. Run as the `postgres` user when the bench runs as root.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A running scratch cluster: its admin URL and how to stop it. */
export interface Cluster {
  adminUrl: string;
  stop(): Promise<void>;
}

function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Starts the cluster and waits until it answers. */
export async function startCluster(port: number): Promise<Cluster> {
  const bin = execFileSync('pg_config', ['--bindir']).toString().trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'thirdspace-bench-pg-'));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const [initdb, initArgs] = asPostgres(path.join(bin, 'initdb'), [
    '-D',
    dir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const [postgres, args] = asPostgres(path.join(bin, 'postgres'), [
    '-D',
    dir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'shared_preload_libraries=pg_stat_statements',
    '-c',
    'pg_stat_statements.track=all',
    '-c',
    'max_connections=100',
  ]);
  const server: ChildProcess = spawn(postgres, args, { stdio: 'ignore' });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; attempt < 60; attempt += 1) {
    try {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
      await client.connect();
      await client.end();
      return {
        adminUrl,
        stop: async () => {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          const [pgCtl, stopArgs] = asPostgres(path.join(bin, 'pg_ctl'), ['stop', '-D', dir, '-m', 'fast', '-w']);
          execFileSync(pgCtl, stopArgs, { stdio: 'ignore' });
          await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  server.kill('SIGKILL');
  throw new Error('The bench PostgreSQL did not start');
}

/** Time the database spent executing statements in one database since the last reset, in ms. */
export async function databaseMs(admin: pg.Client, database: string): Promise<number> {
  const result = await admin.query<{ ms: string | null }>(
    'select sum(total_exec_time) as ms from pg_stat_statements where dbid = (select oid from pg_database where datname = $1)',
    [database],
  );
  return Number(result.rows[0]?.ms ?? 0);
}

/** Forgets the statements counted so far. */
export async function resetStatements(admin: pg.Client): Promise<void> {
  await admin.query('select pg_stat_statements_reset()');
}
