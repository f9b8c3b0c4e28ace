import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from './config.ts';
import { demoLogInLines, DEMO_ADMIN_TOTP_SECRET, seedDemo } from './demo/seed.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { migrateConfigured } from './platform/db/migrate.ts';
import { openDatabase } from './platform/db/database.ts';
import type { AuditSource } from './platform/audit/audit.ts';
import { ConflictError } from './lib/errors.ts';
import { DATABASE_USAGE, setupRolesCommand } from './database-commands.ts';
import { createAccount, currentTotpCode, findUserByEmail, issuePasswordLink } from './modules/accounts/index.ts';
import { exportOrukCommand, importOrukCommand, importPostcodesCommand } from './modules/directory/index.ts';
import { keyRingOf } from './platform/crypto.ts';
import { rotateEncryptedColumns } from './platform/encrypted-columns.ts';
import { ENCRYPTED_COLUMN_SETS } from './encrypted-columns.ts';

/** The text of `npm run cli -- --help`. */
export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                          apply database migrations
  seed-demo                        load the fictional demo organisations and people (once)
  create-admin --email E [--name N]
                                   create a system administrator; prints a one-time link
                                   (24 hours) to choose a password
  reset-password --email E         print a one-hour password reset link for an account
  demo-code                        print the demo administrator's current two-factor code
  import-oruk <url|file|folder> --owner <ODS code or id> [--per-page N]
                                   import an Open Referral UK 3.0 feed, .json/.ndjson file or
                                   folder into the directory, kept by that organisation
  export-oruk <file|-> [--format json|ndjson] [--all]
                                   export the directory as ORUK 3.0 (published, active services;
                                   --all for every service)
  rotate-key                       re-encrypt every registered encrypted column under
                                   ENCRYPTION_KEY (values under ENCRYPTION_KEYS_PREVIOUS are
                                   read meanwhile); safe to re-run and to run while the app serves
  import-postcodes <file>          import full postcodes from an ONS Postcode Directory CSV
                                   (for distances from a full postcode, not just its district)
${DATABASE_USAGE}`;

/** Where a command writes: the terminal, or a test's buffer. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const EmailOption = z.email();

/**
 * Runs one CLI command on an open, migrated database. Exit codes: 0 done, 1 failed, 2 the
 * command line was wrong. The CLI acts as the system and is audited as such.
 */
export async function runCommand(
  argv: string[],
  config: Config,
  handle: DatabaseHandle,
  io: CommandOutput,
  audit: AuditSource,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      format: { type: 'string' },
      'per-page': { type: 'string' },
      all: { type: 'boolean' },
    },
  });
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const email = text(values.email);
  switch (positionals[0]) {
    case 'migrate': {
      const applied = await migrateConfigured(handle.db, config.database.migrationUrl, (url) =>
        openDatabase({ url, dataDir: config.database.dataDir, poolSize: 1 }),
      );
      io.out(
        applied.length
          ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}\n`
          : 'The database is up to date.\n',
      );
      return 0;
    }
    case 'seed-demo': {
      const seeded = await seedDemo(handle.db, config, audit);
      io.out(seeded ? `${demoLogInLines(config.baseUrl).join('\n')}\n` : 'Demo data is already loaded.\n');
      return 0;
    }
    case 'create-admin': {
      if (!email || !EmailOption.safeParse(email).success) {
        io.err(email ? `"${email}" is not an email address, like name@example.org\n` : 'create-admin needs --email\n');
        return 2;
      }
      try {
        const userId = await createAccount(
          { db: handle.db, audit },
          { email, displayName: text(values.name) ?? 'System administrator', password: null, isSystemAdmin: true },
        );
        const token = await issuePasswordLink(handle.db, audit, userId, 24, 'password.set-issued');
        io.out(
          `Created system administrator ${email}\nSend them this link to choose a password (works once, for 24 hours):\n` +
            `${config.baseUrl}/password-reset/${token}\n` +
            'They must set up two-factor authentication when they first sign in.\n',
        );
        return 0;
      } catch (error) {
        if (error instanceof ConflictError) {
          io.err(`${error.message}: use reset-password to give them a new link\n`);
          return 1;
        }
        throw error;
      }
    }
    case 'reset-password': {
      const user = email ? await findUserByEmail(handle.db, email) : undefined;
      if (!user) {
        io.err(email ? `No account has the email ${email}\n` : 'reset-password needs --email\n');
        return email ? 1 : 2;
      }
      const token = await issuePasswordLink(handle.db, audit, user.id, 1, 'password.reset-issued');
      io.out(`Reset link for ${user.email} (works once, for one hour):\n${config.baseUrl}/password-reset/${token}\n`);
      return 0;
    }
    case 'import-oruk':
      return importOrukCommand(handle.db, positionals[1], text(values.owner), text(values['per-page']));
    case 'export-oruk':
      return exportOrukCommand(handle.db, positionals[1], text(values.format), values.all === true);
    case 'import-postcodes':
      return importPostcodesCommand(handle.db, positionals[1]);
    case 'rotate-key': {
      const ring = keyRingOf(config.security);
      const counts = await rotateEncryptedColumns(handle.db, ring, ENCRYPTED_COLUMN_SETS);
      const lines = counts.map((count) => `  ${count.table}: ${count.rows} row(s) re-encrypted`);
      io.out(`Every registered column is now under key ${ring.currentId}:\n${lines.join('\n')}\n`);
      return 0;
    }
    case 'setup-roles':
      return setupRolesCommand(argv, handle, io);
    case 'demo-code':
      io.out(`${currentTotpCode(DEMO_ADMIN_TOTP_SECRET)}\n`);
      return 0;
    default:
      io.err(`Unknown command: ${positionals[0] ?? ''}\n\n${USAGE}`);
      return 2;
  }
}
