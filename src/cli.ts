import { ConfigError, loadConfig } from './config.ts';
import { runCommand, USAGE } from './commands.ts';
import { runBackupCommand, UNOPENED_COMMANDS } from './database-commands.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateConfigured } from './platform/db/migrate.ts';

/** `npm run cli -- <command>`: opens the configured database, migrates it, runs the command. */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const config = loadConfig();
  const io = {
    out: (text: string) => void process.stdout.write(text),
    err: (text: string) => void process.stderr.write(text),
  };
  if (UNOPENED_COMMANDS.has(argv[0] ?? '')) {
    return runBackupCommand(argv, config, io);
  }
  const handle = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolSize: 2 });
  try {
    if (argv[0] !== 'migrate') {
      await migrateConfigured(handle.db, config.database.migrationUrl, (url) =>
        openDatabase({ url, dataDir: config.database.dataDir, poolSize: 1 }),
      );
    }
    return await runCommand(argv, config, handle, io, { actorUserId: null, requestId: `cli:${process.pid}` });
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
