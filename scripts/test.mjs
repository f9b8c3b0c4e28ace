#!/usr/bin/env node
// The one test command (npm test): type-check, unit tests, integration tests and browser tests,
// on PGlite and, when TEST_DATABASE_URL is set, again on that PostgreSQL server. Prints one
// closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const countsDir = path.join(root, '.tmp', `test-counts-${process.pid}`);
rmSync(countsDir, { recursive: true, force: true });
mkdirSync(countsDir, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = process.env.TEST_DATABASE_URL;
const only = process.argv[2];

const suites = [
  { name: 'typecheck', command: ['npx', 'tsc', '-p', 'tsconfig.json'] },
  { name: 'unit', files: ['test/unit/run.test.ts'] },
  { name: 'integration (PGlite)', files: ['test/integration/run.test.ts'], env: { TEST_DATABASE_URL: '' } },
  ...(postgresUrl ? [{ name: 'integration (PostgreSQL)', files: ['test/integration/run.test.ts'], env: { TEST_DATABASE_URL: postgresUrl } }] : []),
  { name: 'browser (PGlite)', files: ['test/e2e/run.test.ts'], env: { TEST_DATABASE_URL: '' }, browser: true },
  ...(postgresUrl ? [{ name: 'browser (PostgreSQL)', files: ['test/e2e/run.test.ts'], env: { TEST_DATABASE_URL: postgresUrl }, browser: true }] : []),
];

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;
for (const [index, suite] of suites.entries()) {
  if (only && !suite.name.startsWith(only)) {
    continue;
  }
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  if (suite.browser && !existsSync(chromium)) {
    if (process.env.REQUIRE_BROWSER) {
      process.stdout.write(`Chromium not found at ${chromium}, and REQUIRE_BROWSER is set.\n`);
      broken = true;
    } else {
      process.stdout.write(`Skipped: Chromium not found at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`);
    }
    continue;
  }
  if (suite.command) {
    const result = spawnSync(suite.command[0], suite.command.slice(1), { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      broken = true;
    }
    continue;
  }
  if (suite.files.length === 0) {
    continue;
  }
  const countsFile = path.join(countsDir, `${index}.json`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${path.join(root, 'scripts/count-reporter.mjs')}`, `--test-reporter-destination=${countsFile}`, ...suite.files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...suite.env } },
  );
  if (existsSync(countsFile)) {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8') || '{}');
    passed += counts.passed ?? 0;
    failed += counts.failed ?? 0;
    skipped += counts.skipped ?? 0;
  }
  if (result.status !== 0) {
    broken = true;
  }
}
rmSync(countsDir, { recursive: true, force: true });
process.stdout.write(`\nTotal: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(broken || failed > 0 ? 1 : 0);
