/**
 * Loads the slowest public pages of a running app with autocannon and prints each one's
 * throughput as a share of the `/readyz` ceiling measured in the same run (docs/performance.md).
 * Usage: tsx bench/pages.ts [base URL] [seconds]. Run the app under `node --cpu-prof` to profile.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

const base = process.argv[2] ?? 'http://127.0.0.1:3917';
const seconds = Number(process.argv[3] ?? 8);
const connections = Number(process.env.PAGES_CONNECTIONS ?? 16);

/** The pages measured: the public ones issue 10 names, and the ceiling. */
export const PAGES: readonly { name: string; path: string }[] = [
  { name: 'ceiling: /readyz', path: '/readyz' },
  { name: "what's on (practice)", path: '/practices/Y99901/whats-on' },
  { name: 'directory search (public)', path: '/practices/Y99901/directory?q=walking' },
  { name: 'become a champion', path: '/practices/Y99901/become-a-champion' },
  { name: 'iCalendar feed (network)', path: '/networks/U99001/whats-on.ics' },
  { name: 'ORUK services', path: '/oruk/services?page=1&per_page=50' },
];

async function load(path: string): Promise<autocannon.Result> {
  return autocannon({
    url: `${base}${path}`,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': process.env.PAGES_ENCODING ?? 'identity' },
  });
}

async function main(): Promise<void> {
  let ceiling = 0;
  const lines = [
    '| page | req/s | share of /readyz | p50 ms | p99 ms | bytes/req | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const page of PAGES) {
    const result = await load(page.path);
    const rate = result.requests.average;
    if (page.path === '/readyz') {
      ceiling = rate;
    }
    const share = ceiling > 0 ? `${((rate / ceiling) * 100).toFixed(1)}%` : '–';
    const bytes = result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0;
    lines.push(
      `| ${page.name} | ${rate.toFixed(0)} | ${share} | ${result.latency.p50} | ${result.latency.p99} | ${bytes} | ${result.non2xx} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
