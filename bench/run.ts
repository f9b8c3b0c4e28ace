/**
 * npm run bench: load tests from this process against the app running in a second process on
 * PostgreSQL, with the machine's ceiling (a bare route doing SELECT 1) measured in the same run.
 * Writes the figures to docs/benchmarks.md. Traffic goes to 127.0.0.1 only, bounded in time.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.BENCH_PORT ?? 3900);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `thirdspace_bench_${Date.now()}`;

interface Row {
  name: string;
  requests: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', SEED_DEMO: 'true', NODE_ENV: 'development', LOGIN_IP_MAX_ATTEMPTS: '100000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) {
        return child;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error('The app did not start');
}

/** Signs in as a demo person and returns the session cookie. */
async function signInCookie(email: string): Promise<string> {
  const page = await fetch(`${base}/sign-in`);
  const csrfCookie = page.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password: 'walking-group-teapot' }).toString(),
  });
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('ts_session='));
  if (!session) {
    throw new Error(`Could not sign in as ${email}: ${response.status}`);
  }
  return session.split(';')[0] as string;
}

/** The q-th percentile (0-100) of sorted latencies, nearest rank. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] as number) * 100) / 100;
}

async function measure(name: string, url: string, cookie?: string): Promise<Row> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${base}${url}`, connections, duration: seconds, headers: cookie ? { cookie } : {} }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const ok = result.non2xx === 0 && result.errors === 0;
  if (!ok) {
    process.stderr.write(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors\n`);
  }
  return {
    name,
    requests: result.requests.total,
    throughput: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: result.non2xx + result.errors,
  };
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${databaseName}`);
  let server: ChildProcess | null = null;
  try {
    server = await startServer(databaseUrl);
    const manager = await signInCookie('manager.canal@demo.thirdspace.invalid');
    const practice = await (await fetch(`${base}/api/organisations`, { headers: { cookie: manager } })).json() as { id: string }[];
    const practiceId = practice[0]?.id ?? '';
    const rows: Row[] = [];
    rows.push(await measure('ceiling: GET /readyz (SELECT 1)', '/readyz'));
    rows.push(await measure('GET /api/me (session + memberships)', '/api/me', manager));
    rows.push(await measure('GET /api/organisations/:id (authorised read)', `/api/organisations/${practiceId}`, manager));
    rows.push(await measure('GET /organisations/:id (NHS.UK page render)', `/organisations/${practiceId}`, manager));
    rows.push(await measure('GET /api/organisations/:id/audit-events (search, audited)', `/api/organisations/${practiceId}/audit-events`, manager));
    writeReport(rows);
  } finally {
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
}

function writeReport(rows: Row[]): void {
  const pgVersion = execFileSync('psql', ['--version']).toString().trim();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). The app runs in its own process on PostgreSQL; autocannon loads it from a second process over 127.0.0.1.',
    'The first row is the ceiling of this machine for a route that does `SELECT 1` through the same pool, measured in the same run: compare the others with it, not with numbers from another machine.',
    '',
    `- Run: ${new Date().toISOString()} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${pgVersion}`,
    `- ${connections} connections for ${seconds} s per route; latency in milliseconds; percentiles from every response's time`,
    '',
    '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.name} | ${row.requests} | ${row.throughput} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} |`),
    '',
  ];
  writeFileSync(path.join(root, 'docs/benchmarks.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
