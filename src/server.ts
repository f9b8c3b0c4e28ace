import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoLogInLines, seedDemo } from './demo/seed.ts';
import { warmTemplates } from './platform/views/index.ts';

/** Process entry: configuration, database, demo data on first start, listen, graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  // Every template compiled before the first request, never read again.
  const templates = warmTemplates();
  app.log.debug({ templates }, 'templates compiled');
  if (config.seedDemo) {
    const seeded = await seedDemo(app.db, config);
    if (seeded) {
      app.log.info('demo data loaded');
    }
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) {
      app.log.error({ err }, 'closing after an error');
    } else {
      app.log.info({ signal }, 'closing');
    }
    await app.close();
  });
  await app.listen({ host: config.host, port: config.port });
  const database = config.database.url
    ? 'PostgreSQL server (DATABASE_URL)'
    : `embedded PGlite in ${config.database.dataDir}`;
  const lines = [`Thirdspace is running at ${config.baseUrl} on ${database}`];
  if (config.seedDemo) {
    lines.push(...demoLogInLines(config.baseUrl));
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Thirdspace could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
