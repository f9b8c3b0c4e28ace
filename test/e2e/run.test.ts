/**
 * The browser suite's entry: starts ONE app (PGlite in memory, from TEST_PGLITE_TEMPLATE when
 * set, or TEST_DATABASE_URL), loads the demo data, listens on a free loopback port, launches
 * Chromium once, then imports the journeys named in TEST_FILES (one path a line) or, without it,
 * every test/e2e/*.e2e.ts. scripts/test.mjs starts several of these, each with its own database.
 */
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { openTestDatabase } from '../helpers/test-app.ts';
import { KeepingTransport, setWorld } from './helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A port nobody is listening on now, so BASE_URL (in emailed links) can name it before the app starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const config = loadConfig({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: String(port),
  BASE_URL: baseUrl,
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DATA_DIR: 'memory://',
  ...(process.env.TEST_DATABASE_URL ? { DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
  // The real job worker delivers outbox messages, as in production.
  JOBS_ENABLED: 'true',
});

const database = await openTestDatabase(config, config.database.poolSize);
const delivered = new KeepingTransport();
const app = await buildApp(config, {
  database,
  emailTransport: delivered,
  ...(process.env.TEST_LOG_LEVEL ? {} : { logger: false as const }),
});
// A route that fails, only in this test app, so the browser can check the NHS.UK fault page.
app.get('/test-only/fault', async () => {
  throw new Error('relation "secret_table" does not exist at /srv/app/secret.ts:42');
});
let browser: Browser;
try {
  await seedDemo(app.db, config);
  await app.listen({ host: '127.0.0.1', port });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
} catch (error) {
  // Without this the listening server and job worker would keep the test process alive.
  await app.close();
  await database.close();
  throw error;
}
setWorld({ app, config, baseUrl, browser, delivered });

after(async () => {
  setWorld(null);
  await browser.close().catch(() => undefined);
  await app.close();
  await database.close();
});

const journeys = process.env.TEST_FILES
  ? process.env.TEST_FILES.split('\n')
      .filter((file) => file !== '')
      .map((file) => path.resolve(here, '../..', file))
  : readdirSync(here)
      .filter((file) => file.endsWith('.e2e.ts'))
      .filter((file) => !process.env.TEST_ONLY || file.includes(process.env.TEST_ONLY))
      .sort()
      .map((file) => path.join(here, file));
for (const file of journeys) {
  await import(file);
}
