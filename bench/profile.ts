/**
 * CPU profiles per page (docs/performance.md): runs the app in this process on PostgreSQL,
 * loads one page at a time with autocannon from a child process, and profiles only this
 * process while it does. Prints each page's throughput as a share of `/readyz` in the same run
 * and its top self-time functions; writes the .cpuprofile files to PROFILE_DIR.
 * Signed-in pages are loaded with a demo practice manager's session cookie. PROFILE_PAGES picks
 * pages by a part of their name (comma-separated); the ceiling always runs first.
 * Usage: DATABASE_URL=postgres://… [PROFILE_PAGES=start,signed-in] tsx bench/profile.ts
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { type CpuProfile, topSelfTime } from './profile-summary.ts';
import { PAGES } from './pages.ts';
import { signInCookie } from './sign-in.ts';

const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
const connections = Number(process.env.PROFILE_CONNECTIONS ?? 16);
const outDir = process.env.PROFILE_DIR ?? '/tmp/thirdspace-profiles';
const encoding = process.env.PROFILE_ENCODING ?? 'identity';

/** Runs autocannon in a child process and returns its JSON result. */
function cannon(
  url: string,
  cookie?: string,
): Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.resolve('node_modules/autocannon/autocannon.js'),
        '-j',
        '-c',
        String(connections),
        '-d',
        String(seconds),
        '-H',
        `accept-encoding=${encoding}`,
        ...(cookie ? ['-H', `cookie=${cookie}`] : []),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out)));
  });
}

/** The signed-in pages profiled beside the public ones (a demo practice manager's). */
function signedInPages(practiceId: string) {
  return [
    { name: 'signed-in start page', path: '/', signedIn: true },
    { name: "signed-in what's on", path: '/practices/Y99901/whats-on', signedIn: true },
    { name: 'signed-in organisation page', path: `/organisations/${practiceId}`, signedIn: true },
    { name: 'signed-in directory search (uncached)', path: '/api/directory/search?q=walkng+group', signedIn: true },
    {
      name: 'signed-in audit search (uncached)',
      path: `/api/organisations/${practiceId}/audit-events`,
      signedIn: true,
    },
  ];
}

/** The ceiling, then the pages PROFILE_PAGES names (all when it is unset). */
function chosenPages(practiceId: string): { name: string; path: string; signedIn?: boolean }[] {
  const wanted = (process.env.PROFILE_PAGES ?? '').split(',').filter(Boolean);
  const pages = [...PAGES, ...signedInPages(practiceId)];
  return pages.filter(
    (page) => page.path === '/readyz' || wanted.length === 0 || wanted.some((part) => page.name.includes(part)),
  );
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    LOGIN_IP_MAX_ATTEMPTS: '100000',
  });
  const app = await buildApp(config);
  await seedDemo(app.db, config);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  mkdirSync(outDir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  const cookie = await signInCookie(address, 'manager.canal@demo.thirdspace.invalid');
  const organisations = (await (await fetch(`${address}/api/organisations`, { headers: { cookie } })).json()) as {
    id: string;
  }[];
  let ceiling = 0;
  const report: string[] = [];
  for (const page of chosenPages(organisations[0]?.id ?? '')) {
    const pageCookie = page.signedIn ? cookie : undefined;
    await cannon(`${address}${page.path}`, pageCookie); // warm-up, not profiled
    await session.post('Profiler.start');
    const result = await cannon(`${address}${page.path}`, pageCookie);
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    const file = path.join(outDir, `${page.path.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    if (page.path === '/readyz') {
      ceiling = result.requests.average;
    }
    const share = ceiling > 0 ? ((result.requests.average / ceiling) * 100).toFixed(1) : '–';
    const perRequestMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, result.requests.average * seconds);
    report.push(
      `### ${page.name} (${page.path})`,
      `${result.requests.average.toFixed(0)} req/s = ${share}% of /readyz; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; non-2xx ${result.non2xx}; wall ms per request in this process ≈ ${perRequestMs.toFixed(2)}`,
      '',
      '| self % | function | where |',
      '| ---: | --- | --- |',
    );
    for (const row of topSelfTime(profile, 12)) {
      report.push(`| ${row.percent.toFixed(1)} | ${row.functionName} | ${row.where} |`);
    }
    report.push('');
  }
  process.stdout.write(`${report.join('\n')}\n`);
  session.disconnect();
  await app.close();
}

await main();
