#!/usr/bin/env node
// The one test command (npm test): type-check, unit tests, integration tests and browser tests,
// on PGlite and, when TEST_DATABASE_URL is set, also on that PostgreSQL server. Integration and
// browser tests run in several processes (shards), each on its own copy of ONE migrated template
// database. Prints one closing line with the totals.
//   node scripts/test.mjs [typecheck|checks|unit|integration|browser]   run only the suites so named
//   node scripts/test.mjs any-date   unit and integration (PGlite) with the clock moved (TEST_DATES)
//   TEST_SHARDS (3), TEST_BROWSER_SHARDS (2): processes per integration or browser suite
//   TEST_ENGINES_TOGETHER=0: run the PGlite and PostgreSQL suites one after the other
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.tmp', `test-run-${process.pid}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = process.env.TEST_DATABASE_URL;
const only = process.argv[2];
const shardCount = {
  integration: positive(process.env.TEST_SHARDS, 3),
  browser: positive(process.env.TEST_BROWSER_SHARDS, 2),
};
const enginesTogether = process.env.TEST_ENGINES_TOGETHER !== '0';
/** Recorded test-file durations (milliseconds) from earlier runs, for balancing shards. */
const durationsFile = path.join(root, 'test', 'durations.json');
const recorded = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, 'utf8')) : {};
const measured = {};
/**
 * The architecture tests run by `checks` (test/architecture/). Not yet here, because they still
 * list places to fix (issue 9): file-size.test.ts (production files over 300 lines) and
 * view-models.test.ts (templates that read a database column).
 */
const ARCHITECTURE_RULES = [
  'source.test.ts',
  'file-roles.test.ts',
  'scope-rule.test.ts',
  'sql-in-repos.test.ts',
  'table-ownership.test.ts',
];

function positive(text, fallback) {
  const value = Number.parseInt(text ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function listFiles(dir, suffix) {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .map((file) => path.join(dir, file))
    .filter((file) => !process.env.TEST_ONLY || file.includes(process.env.TEST_ONLY))
    .sort();
}

/** Splits files into `count` shards of about equal expected time (longest first, to the lightest). */
function shard(files, count) {
  const weight = (file) => recorded[file] ?? statSync(path.join(root, file)).size / 10;
  const shards = Array.from({ length: Math.min(count, files.length) }, () => ({ files: [], weight: 0 }));
  for (const file of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
    const lightest = shards.reduce((best, candidate) => (candidate.weight < best.weight ? candidate : best));
    lightest.files.push(file);
    lightest.weight += weight(file);
  }
  return shards.map((entry) => entry.files.sort());
}

/** Runs a command to completion, its output to `log` (or to this terminal). */
function run(command, args, { env = {}, log } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: log ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.stderr?.on('data', (chunk) => chunks.push(chunk));
    child.on('close', (code) => {
      if (log) {
        writeFileSync(log, Buffer.concat(chunks));
      }
      resolve(code ?? 1);
    });
  });
}

function tsx(script, args, env) {
  return run(process.execPath, ['--import', 'tsx', script, ...args], { env });
}

let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

/** Runs one node:test process over `files`, adding its counts to the totals; returns its exit code. */
async function testProcess(label, entry, files, env) {
  const id = label.replace(/\W+/g, '-');
  const countsFile = path.join(work, `${id}.json`);
  const log = path.join(work, `${id}.log`);
  const started = Date.now();
  const code = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(root, 'scripts/count-reporter.mjs')}`,
      `--test-reporter-destination=${countsFile}`,
      entry,
    ],
    { env: { ...env, TEST_FILES: files.join('\n') }, log },
  );
  process.stdout.write(
    `\n--- ${label}: ${files.length > 0 ? `${files.length} files, ` : ''}${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  process.stdout.write(readFileSync(log, 'utf8'));
  if (existsSync(countsFile)) {
    const counts = JSON.parse(readFileSync(countsFile, 'utf8') || '{}');
    passed += counts.passed ?? 0;
    failed += counts.failed ?? 0;
    skipped += counts.skipped ?? 0;
    for (const [file, ms] of Object.entries(counts.durations ?? {})) {
      measured[path.relative(root, file)] = Math.round(ms);
    }
  }
  if (code !== 0) {
    broken = true;
  }
  return code;
}

/** A template database for one engine, copied once per shard; `release` drops the copies. */
async function prepareDatabases(engine, copies) {
  if (engine === 'PGlite') {
    const file = path.join(work, 'pglite-template.tar');
    if (!existsSync(file) && (await tsx('test/helpers/test-databases.ts', ['pglite', file])) !== 0) {
      return null;
    }
    return {
      envs: Array.from({ length: copies }, () => ({ TEST_DATABASE_URL: '', TEST_PGLITE_TEMPLATE: file })),
      release: async () => undefined,
    };
  }
  const base = new URL(postgresUrl).pathname.slice(1) || 'thirdspace';
  const prefix = `${base.slice(0, 30)}_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
  const names = Array.from({ length: copies }, (_, index) => `${prefix}_${index + 1}`);
  const template = `${prefix}_template`;
  const release = () => tsx('test/helpers/test-databases.ts', ['drop', postgresUrl, template, ...names]);
  if ((await tsx('test/helpers/test-databases.ts', ['postgres', postgresUrl, template, ...names])) !== 0) {
    await release();
    return null;
  }
  return {
    envs: names.map((name) => ({ TEST_DATABASE_URL: withDatabase(postgresUrl, name), TEST_PGLITE_TEMPLATE: '' })),
    release,
  };
}

function withDatabase(url, name) {
  const address = new URL(url);
  address.pathname = `/${name}`;
  return address.toString();
}

/** One sharded suite (integration or browser) on one engine. */
async function shardedSuite(kind, engine, entry, files) {
  const shards = shard(files, shardCount[kind]);
  if (shards.length === 0) {
    return;
  }
  const databases = await prepareDatabases(engine, shards.length);
  if (!databases) {
    process.stdout.write(`\nCould not prepare the ${engine} test databases.\n`);
    broken = true;
    return;
  }
  try {
    await Promise.all(
      shards.map((list, index) =>
        testProcess(`${kind} (${engine}) ${index + 1}/${shards.length}`, entry, list, databases.envs[index]),
      ),
    );
  } finally {
    await databases.release();
  }
}

const engines = ['PGlite', ...(postgresUrl ? ['PostgreSQL'] : [])];

/** Runs a sharded suite on every engine, together or one after the other. */
async function onEveryEngine(kind, entry, files) {
  process.stdout.write(`\n=== ${kind} (${engines.join(' and ')}) ===\n`);
  if (enginesTogether) {
    await Promise.all(engines.map((engine) => shardedSuite(kind, engine, entry, files)));
  } else {
    for (const engine of engines) {
      await shardedSuite(kind, engine, entry, files);
    }
  }
}

const wanted = (name) => !only || (only !== 'any-date' && name.startsWith(only));
const started = Date.now();

if (only === 'any-date') {
  // The unit and integration (PGlite) tests again with the whole clock moved by libfaketime
  // (Node and PGlite both read it); monotonic time stays real so timers still work. UTC times:
  // the night the clocks go forward, the repeated hour when they go back, and a Monday.
  const moments = (process.env.TEST_DATES ?? '2027-03-28 00:30:00,2026-10-25 00:30:00,2027-01-04 08:59:00').split(',');
  const faketime = spawnSync('faketime', ['--version'], { stdio: 'ignore' });
  if (faketime.error) {
    process.stdout.write('faketime not found: apt-get install -y faketime\n');
    process.exit(1);
  }
  const failures = [];
  for (const moment of moments) {
    for (const kind of ['unit', 'integration']) {
      process.stdout.write(`\n##### ${kind} with the clock at ${moment} UTC #####\n`);
      const code = await run('faketime', [moment, process.execPath, path.join(root, 'scripts/test.mjs'), kind], {
        env: { FAKETIME_DONT_FAKE_MONOTONIC: '1', TZ: 'UTC', TEST_DATABASE_URL: '' },
      });
      if (code !== 0) {
        failures.push(`${kind} at ${moment}`);
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(
    failures.length === 0 ? `\nEvery date passed: ${moments.join('; ')}\n` : `\nFailed: ${failures.join('; ')}\n`,
  );
  process.exit(failures.length === 0 ? 0 : 1);
}

if (wanted('typecheck')) {
  process.stdout.write('\n=== typecheck ===\n');
  if (spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' }).status !== 0) {
    broken = true;
  }
}
if (wanted('checks')) {
  // The formatter and linter, the dependency rules and the architecture rules (docs/architecture.md).
  for (const script of ['lint', 'check:deps']) {
    process.stdout.write(`\n=== ${script} ===\n`);
    if (spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' }).status !== 0) {
      broken = true;
    }
  }
  // The architecture rules that hold everywhere today; `npm run check:architecture` runs them all.
  process.stdout.write('\n=== architecture ===\n');
  const rules = ARCHITECTURE_RULES.map((name) => path.join('test/architecture', name));
  const architecture = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...rules], {
    cwd: root,
    stdio: 'inherit',
  });
  if (architecture.status !== 0) {
    broken = true;
  }
}
if (wanted('unit')) {
  process.stdout.write('\n=== unit ===\n');
  await testProcess('unit', 'test/unit/run.test.ts', [], {});
}
if (wanted('integration')) {
  await onEveryEngine('integration', 'test/integration/run.test.ts', [
    ...listFiles('src', '.int.test.ts'),
    ...listFiles('test/integration', '.int.test.ts'),
  ]);
}
if (wanted('browser')) {
  if (existsSync(chromium)) {
    await onEveryEngine('browser', 'test/e2e/run.test.ts', listFiles('test/e2e', '.e2e.ts'));
  } else if (process.env.REQUIRE_BROWSER) {
    process.stdout.write(`\nChromium not found at ${chromium}, and REQUIRE_BROWSER is set.\n`);
    broken = true;
  } else {
    process.stdout.write(
      `\nBrowser tests skipped: Chromium not found at ${chromium} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`,
    );
  }
}

if (process.env.TEST_RECORD_DURATIONS) {
  writeFileSync(
    durationsFile,
    `${JSON.stringify({ ...recorded, ...measured }, Object.keys({ ...recorded, ...measured }).sort(), 2)}\n`,
  );
}
rmSync(work, { recursive: true, force: true });
process.stdout.write(
  `\nTook ${Math.round((Date.now() - started) / 1000)} s.\nTotal: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
);
process.exit(broken || failed > 0 ? 1 : 0);
