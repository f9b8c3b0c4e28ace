import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts';
import type { EmailMessage, EmailTransport } from '../../src/platform/notify/notifier.ts';

/** Keeps every email a test sends, as a real transport would deliver it. */
export class RecordingTransport implements EmailTransport {
  readonly name = 'test';
  readonly sent: EmailMessage[] = [];
  failNext = 0;
  async send(message: EmailMessage): Promise<boolean> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('SMTP server unavailable');
    }
    this.sent.push(message);
    return true;
  }
  /** The last email sent to `to`. */
  lastTo(to: string): EmailMessage | undefined {
    return [...this.sent].reverse().find((message) => message.to === to.toLowerCase());
  }
}

/** One app per test process on one migrated database; each test builds its own organisations. */
export interface TestWorld {
  app: FastifyInstance;
  config: Config;
  database: DatabaseHandle;
  email: RecordingTransport;
  /** Runs every due job now (email delivery and so on). */
  runJobs(): Promise<number>;
}

/** Configuration for tests: quiet logs, no job worker, PGlite in memory unless TEST_DATABASE_URL is set. */
export function loadTestConfig(extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: 'memory://',
    ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
    JOBS_ENABLED: 'false',
    BASE_URL: 'http://thirdspace.test',
    ...extra,
  });
}

/**
 * Opens the test database. On PGlite, when TEST_PGLITE_TEMPLATE names a dumped data directory
 * (scripts/test.mjs migrates one for every test process), it starts from a copy of that.
 */
export async function openTestDatabase(config: Config, poolSize = 5): Promise<DatabaseHandle> {
  const template = config.database.url ? undefined : process.env.TEST_PGLITE_TEMPLATE;
  return openDatabase({
    url: config.database.url,
    dataDir: config.database.dataDir,
    poolSize,
    ...(template ? { loadDataDir: new Blob([await readFile(template)]) } : {}),
  });
}

let shared: Promise<TestWorld> | null = null;

/** The shared test app (built on first use). */
export function testWorld(): Promise<TestWorld> {
  shared ??= (async () => {
    const config = loadTestConfig();
    const database = await openTestDatabase(config);
    const email = new RecordingTransport();
    const app = await buildApp(config, {
      database,
      emailTransport: email,
      ...(process.env.TEST_LOG_LEVEL ? {} : { logger: false as const }),
      startJobs: false,
    });
    await app.ready();
    return { app, config, database, email, runJobs: () => app.services.jobs.drain() };
  })();
  return shared;
}

const variants = new Map<string, Promise<FastifyInstance>>();

/**
 * A second app on the shared database with some configuration changed (for example
 * `{ TRUST_PROXY: 'true' }`), built once per distinct configuration and closed with the world.
 */
export function testAppWith(extra: Record<string, string>): Promise<FastifyInstance> {
  const key = JSON.stringify(Object.entries(extra).sort());
  let variant = variants.get(key);
  if (!variant) {
    variant = (async () => {
      const world = await testWorld();
      const app = await buildApp(loadTestConfig(extra), {
        database: world.database,
        emailTransport: world.email,
        ...(process.env.TEST_LOG_LEVEL ? {} : { logger: false as const }),
        startJobs: false,
      });
      await app.ready();
      return app;
    })();
    variants.set(key, variant);
  }
  return variant;
}

/** Closes the shared app, any variants and the database (call once, after all tests). */
export async function closeTestWorld(): Promise<void> {
  for (const variant of variants.values()) {
    await (await variant).close();
  }
  variants.clear();
  if (shared) {
    const world = await shared;
    shared = null;
    await world.app.close();
    await world.database.close();
  }
}
