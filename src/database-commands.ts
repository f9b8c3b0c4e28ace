import { parseArgs } from 'node:util';
import type { Config } from './config.ts';
import { backupPglite, restorePglite } from './platform/db/backup.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { DEFAULT_ROLES, setupRoles } from './platform/db/roles.ts';

/** Where a command writes (the same shape as commands.ts's, kept here so neither imports the other). */
interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

/** The database commands' lines of `npm run cli -- --help`. */
export const DATABASE_USAGE = `  backup <file>                    PGlite: write DATA_DIR to one backup file (stop the app first);
                                   for PostgreSQL use pg_dump (README: Backup and restore)
  restore <file> [--force]         PGlite: load a backup into DATA_DIR; --force sets aside a
                                   database already there (kept as pglite.before-restore-<time>)
  setup-roles [--owner R] [--app R]
                                   PostgreSQL, as a superuser: make the owner role (migrations,
                                   MIGRATION_DATABASE_URL) and the app role (DATABASE_URL) with
                                   only the grants the app needs; passwords from
                                   THIRDSPACE_OWNER_PASSWORD and THIRDSPACE_APP_PASSWORD if set
`;

/** The commands that run before any database is opened (PGlite's backup and restore). */
export const UNOPENED_COMMANDS = new Set(['backup', 'restore']);

/**
 * `backup` and `restore` for PGlite. They open DATA_DIR themselves (restore must not create a
 * database before loading one). Exit codes as runCommand's.
 */
export async function runBackupCommand(argv: string[], config: Config, io: CommandOutput): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { force: { type: 'boolean' } },
  });
  const [command, file] = positionals;
  if (config.database.url) {
    io.err(
      `${command} is for the embedded database (PGlite). With DATABASE_URL set, use pg_dump -Fc and pg_restore: see "Backup and restore" in the README\n`,
    );
    return 2;
  }
  if (!file) {
    io.err(`${command} needs a file: npm run cli -- ${command} <file>\n`);
    return 2;
  }
  if (config.database.dataDir.startsWith('memory://')) {
    io.err('DATA_DIR is memory://: there is no folder to back up or restore into\n');
    return 2;
  }
  try {
    if (command === 'backup') {
      const made = await backupPglite(config.database.dataDir, file);
      io.out(`Backed up ${made.tables} tables from ${config.database.dataDir} to ${file} (${made.bytes} bytes)\n`);
    } else {
      const restored = await restorePglite(config.database.dataDir, file, { force: values.force === true });
      io.out(
        `Restored ${restored.tables} tables from ${file} into ${config.database.dataDir}` +
          `${restored.kept ? `\nThe database that was there is kept in ${restored.kept}` : ''}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `setup-roles`: the owner and app roles on the PostgreSQL database DATABASE_URL names. */
export async function setupRolesCommand(argv: string[], handle: DatabaseHandle, io: CommandOutput): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { owner: { type: 'string' }, app: { type: 'string' } },
  });
  if (handle.engine !== 'postgres') {
    io.err('setup-roles is for PostgreSQL (DATABASE_URL); PGlite has one user\n');
    return 2;
  }
  const owner = typeof values.owner === 'string' ? values.owner : DEFAULT_ROLES.owner;
  const app = typeof values.app === 'string' ? values.app : DEFAULT_ROLES.app;
  try {
    await setupRoles(handle.db, {
      owner,
      app,
      ownerPassword: process.env.THIRDSPACE_OWNER_PASSWORD || undefined,
      appPassword: process.env.THIRDSPACE_APP_PASSWORD || undefined,
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.out(
    `Roles ready: ${owner} owns the schema and runs migrations (MIGRATION_DATABASE_URL); ` +
      `${app} is the app's (DATABASE_URL), with no ALTER, no TRUNCATE and INSERT and SELECT only on audit_events.\n`,
  );
  return 0;
}
