/**
 * What each global hook costs (issue 10, point 5): reads the CPU profiles bench/profile.ts wrote
 * and prints, per page, the share of the process's busy time spent in each hook's own code, beside
 * the route's handler, rendering, the framework, Node's sockets and the database driver.
 * Usage: tsx bench/hook-costs.ts [PROFILE_DIR]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CostOwner, type CpuProfile, inclusiveShares } from './profile-summary.ts';

/** The global hooks, by the files that hold them, then the rest of a request for comparison. */
const OWNERS: readonly CostOwner[] = [
  { name: 'onRequest: session sign-in (platform/auth/plugin.ts)', url: /src\/platform\/auth\/plugin\.ts$/ },
  { name: 'onRequest/onSend: helmet headers and CSP', url: /node_modules\/(@fastify\/helmet|helmet)\// },
  { name: 'onSend: security and cache headers (platform/http/security.ts)', url: /src\/platform\/http\/security\.ts$/ },
  {
    name: 'preHandler/onSend: public cache (platform/http/public-cache.ts)',
    url: /src\/platform\/http\/public-cache\.ts$/,
  },
  { name: 'onSend: request id (app.ts)', url: /src\/app\.ts$/ },
  {
    name: 'onResponse: request log (platform/http/request-log.ts, pino)',
    url: /src\/platform\/http\/request-log\.ts$|node_modules\/pino/,
  },
  { name: 'preValidation: CSRF (@fastify/csrf-protection)', url: /node_modules\/@fastify\/csrf/ },
  { name: 'onSend: compression (@fastify/compress)', url: /node_modules\/@fastify\/compress\// },
  { name: 'onSend: champions pages (modules/champions/index.ts)', url: /src\/modules\/champions\/index\.ts$/ },
  { name: 'rendering (Nunjucks)', url: /node_modules\/nunjucks\// },
  { name: 'database (kysely, pg)', url: /node_modules\/(kysely|pg|pg-protocol|pg-pool|postgres-date)\// },
  {
    name: 'fastify (routing, hooks runner, reply, serialisation)',
    url: /node_modules\/(fastify|find-my-way|light-my-request|fast-json-stringify|avvio)\//,
  },
  { name: 'validation (zod)', url: /node_modules\/(zod|fastify-type-provider-zod)\// },
  { name: 'Node (sockets, streams, timers)', url: /^node:/ },
  { name: 'the route: handlers, services, presenters (src/)', url: /\/src\// },
];

const dir = process.argv[2] ?? process.env.PROFILE_DIR ?? '/tmp/thirdspace-profiles';
const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
const pages = files.map((file) => file.replace(/\.cpuprofile$/, ''));
const shares = files.map((file) =>
  inclusiveShares(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, OWNERS),
);
const lines = [`| code | ${pages.join(' | ')} |`, `| --- | ${pages.map(() => '---:').join(' | ')} |`];
for (const owner of OWNERS) {
  lines.push(`| ${owner.name} | ${shares.map((share) => `${(share.get(owner.name) ?? 0).toFixed(1)}%`).join(' | ')} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
