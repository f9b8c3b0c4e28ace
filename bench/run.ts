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
import { BROWSE_SEARCHES, DIRECTORY_SEARCHES, type Latency, measureSearchInProcess, seedDirectoryBench } from './directory.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.BENCH_PORT ?? 3900);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databaseName = `thirdspace_bench_${Date.now()}`;
/** Services generated for the directory benchmark. */
const DIRECTORY_SERVICES = Number(process.env.BENCH_DIRECTORY_SERVICES ?? 100_000);

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

/** Loads one path, or several in turn (each connection cycles through them). */
async function measure(name: string, url: string | string[], cookie?: string, concurrency = connections): Promise<Row> {
  const latencies: number[] = [];
  const paths = Array.isArray(url) ? url : [url];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = { url: `${base}${paths[0]}`, connections: concurrency, duration: seconds, headers: cookie ? { cookie } : {}, ...(paths.length > 1 ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) } : {}) };
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolve(finished)));
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

    // The directory at national size: 100,000 services generated in this scratch database.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const seedSeconds = await seedDirectoryBench(client, DIRECTORY_SERVICES);
    await client.end();
    const searches = DIRECTORY_SEARCHES.map((search) => `/api/directory/search?${search}`);
    rows.push(await measure('directory: GET /api/directory/search (words with typos + postcode + filter)', searches, manager));
    rows.push(await measure('directory: the same, 1 connection (one receptionist at a time)', searches, manager, 1));
    rows.push(await measure('directory: GET /practices/:ods/directory (same searches, public NHS.UK page)', DIRECTORY_SEARCHES.map((search) => `/practices/Y99901/directory?${search}`)));
    const pages = [1, 2, 10, 100, 500, 1000, 1500, 2000].map((page) => `/oruk/services?page=${page}&per_page=50`);
    rows.push(await measure('ORUK: GET /oruk/services?page=N&per_page=50 (pages 1 to 2,000 of 100,000)', pages));
    rows.push(await measure('ORUK: the same pages, 1 connection (one feed reader at a time)', pages, undefined, 1));
    const sql = {
      search: await measureSearchInProcess(databaseUrl, 25),
      browse: await measureSearchInProcess(databaseUrl, 10, BROWSE_SEARCHES),
    };
    writeReport(rows, { seedSeconds, sql });
  } finally {
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
}

/** The directory part of the run: how long generating took and the search function's own timing. */
interface DirectoryFigures {
  seedSeconds: number;
  sql: { search: Latency & { meanResults: number }; browse: Latency & { meanResults: number } };
}

function writeReport(rows: Row[], directory: DirectoryFigures): void {
  const pgVersion = execFileSync('psql', ['--version']).toString().trim();
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts). The app runs in its own process on PostgreSQL; autocannon loads it from a second process over 127.0.0.1.',
    'The first row is the ceiling of this machine for a route that does `SELECT 1` through the same pool, measured in the same run: compare the others with it, not with numbers from another machine.',
    '',
    `- Run: ${new Date().toISOString()} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${pgVersion}`,
    `- ${connections} connections for ${seconds} s per route (unless the route says otherwise); latency in milliseconds; percentiles from every response's time`,
    `- Load average (1, 5, 15 min) when the report was written: ${os.loadavg().map((load) => load.toFixed(1)).join(', ')}; anything above the core count means other processes were competing for the machine`,
    '',
    '| route | requests | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.name} | ${row.requests} | ${row.throughput} | ${row.p50} | ${row.p95} | ${row.p99} | ${row.errors} |`),
    '',
    '## Directory search at 100,000 services',
    '',
    `The directory rows above run on ${DIRECTORY_SERVICES.toLocaleString('en-GB')} services generated with \`generate_series\` in the scratch database (bench/directory.ts, ${directory.seedSeconds} s): 5% within 20 km of the demo practices in Pudsey, the rest spread across England, each with a provider, location, weekly sessions, a cost, a need, sometimes languages and accessibility notes.`,
    `The searches cycle through ${DIRECTORY_SEARCHES.length} receptionist questions, such as \`${DIRECTORY_SEARCHES[0]}\` (a misspelt word, a postcode district, a day). Target: p95 under 50 ms for a search; the 1-connection row and the table below show a search on its own, while at 20 connections the two cores are saturated and the figures are mostly queueing (compare the ceiling row).`,
    'The search function on its own (SQL and result assembly, one search at a time, no HTTP, after a warm-up):',
    '',
    '| search | runs | p50 ms | p95 ms | p99 ms | mean matches |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| words + postcode + filter (${DIRECTORY_SEARCHES.length} searches) | ${directory.sql.search.count} | ${directory.sql.search.p50} | ${directory.sql.search.p95} | ${directory.sql.search.p99} | ${directory.sql.search.meanResults} |`,
    `| filters or postcode only (${BROWSE_SEARCHES.map((search) => `\`${search}\``).join(', ')}) | ${directory.sql.browse.count} | ${directory.sql.browse.p50} | ${directory.sql.browse.p95} | ${directory.sql.browse.p99} | ${directory.sql.browse.meanResults} |`,
    '',
    'How the search stays fast (migrations/202611231200_extend_directory_curation.sql, chosen from EXPLAIN ANALYZE on this data):',
    '',
    '- Words: every word must match `search_vector` (GIN, English stemming). A word the directory never uses is corrected first to its closest known words by pg_trgm similarity on the small `dir_search_words` table, so "walkng" searches for "walking" without a trigram check on every candidate row (that check made the planner choose a sequential scan: about a second).',
    '- Place: each service keeps a box around its located places (`location_extent`, kept by triggers) with a GiST index, so `earth_box(ll_to_earth(postcode), radius)` and the words meet in one BitmapAnd on `dir_services`; `earth_distance` to the stored `ll_to_earth` point of each remaining location decides the radius and sorts. Computing `ll_to_earth` per row cost about 4 microseconds, most of a 10-mile city search.',
    '- Filters only: the page is read in name order from a partial index and counting stops at 1,001. Day and time filters have no index, so a filters-only search over the whole directory checks schedules row by row (the slower row above); a practice\'s own public directory is far smaller.',
    '',
  ];
  writeFileSync(path.join(root, 'docs/benchmarks.md'), lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
