import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { demoLogInLines, DEMO_ADMIN_TOTP_SECRET, seedDemo } from './demo/seed.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { withTransaction } from './platform/db/transaction.ts';
import { recordAudit } from './platform/audit/audit.ts';
import { endAllSessions } from './platform/auth/session.ts';
import { hashToken, newToken } from './lib/ids.ts';
import { createAccount, currentTotpCode, findUserByEmail } from './modules/accounts/index.ts';
import { exportOrukCommand, importOrukCommand } from './modules/directory/oruk.cli.ts';
import { importPostcodesCommand } from './modules/directory/postcodes.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                          apply database migrations
  seed-demo                        load the fictional demo organisations and people (once)
  create-admin --email E [--name N]
                                   create a system administrator; prints a one-off password
  reset-password --email E         print a one-hour password reset link for an account
  demo-code                        print the demo administrator's current two-factor code
  import-oruk <url|file|folder> --owner <ODS code or id> [--per-page N]
                                   import an Open Referral UK 3.0 feed, .json/.ndjson file or
                                   folder into the directory, kept by that organisation
  export-oruk <file|-> [--format json|ndjson] [--all]
                                   export the directory as ORUK 3.0 (published, active services;
                                   --all for every service)
  import-postcodes <file>          import full postcodes from an ONS Postcode Directory CSV
                                   (for distances from a full postcode, not just its district)
`;

/** The CLI acts as the system, audited as such. */
const CLI_AUDIT = { actorUserId: null, requestId: `cli:${process.pid}` };

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      format: { type: 'string' },
      'per-page': { type: 'string' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const handle = await openDatabase({ url: config.database.url, dataDir: config.database.dataDir, poolSize: 2 });
  try {
    const applied = await migrate(handle.db);
    switch (command) {
      case 'migrate':
        process.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}\n` : 'The database is up to date.\n');
        return 0;
      case 'seed-demo': {
        const seeded = await seedDemo(handle.db, config, CLI_AUDIT);
        process.stdout.write(seeded ? `${demoLogInLines(config.baseUrl).join('\n')}\n` : 'Demo data is already loaded.\n');
        return 0;
      }
      case 'create-admin': {
        if (!values.email) {
          process.stderr.write('create-admin needs --email\n');
          return 2;
        }
        const password = randomBytes(18).toString('base64url');
        await createAccount({ db: handle.db, audit: CLI_AUDIT }, { email: values.email, displayName: values.name ?? 'System administrator', password, isSystemAdmin: true });
        process.stdout.write(`Created system administrator ${values.email}\nOne-off password: ${password}\nThey must set up two-factor authentication when they first sign in, then change this password.\n`);
        return 0;
      }
      case 'reset-password': {
        const user = values.email ? await findUserByEmail(handle.db, values.email) : undefined;
        if (!user) {
          process.stderr.write(values.email ? `No account has the email ${values.email}\n` : 'reset-password needs --email\n');
          return values.email ? 1 : 2;
        }
        const token = newToken();
        await withTransaction(handle.db, async (tx) => {
          await tx.insertInto('password_reset_tokens').values({ token_hash: hashToken(token), user_id: user.id, expires_at: new Date(Date.now() + 3_600_000) }).execute();
          await tx.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', user.id).execute();
          await endAllSessions(tx, user.id);
          await recordAudit(tx, CLI_AUDIT, { action: 'password.reset-issued', subjectType: 'user', subjectId: user.id });
        });
        process.stdout.write(`Reset link for ${user.email} (works once, for one hour):\n${config.baseUrl}/password-reset/${token}\n`);
        return 0;
      }
      case 'import-oruk':
        return await importOrukCommand(handle.db, positionals[1], values.owner, values['per-page']);
      case 'export-oruk':
        return await exportOrukCommand(handle.db, positionals[1], values.format, values.all ?? false);
      case 'import-postcodes':
        return await importPostcodesCommand(handle.db, positionals[1]);
      case 'demo-code':
        process.stdout.write(`${currentTotpCode(DEMO_ADMIN_TOTP_SECRET)}\n`);
        return 0;
      default:
        process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await handle.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
