import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** The two database roles: one that owns the schema and runs migrations, one the app signs in as. */
export interface DatabaseRoles {
  owner: string;
  app: string;
  /** Set the roles' passwords only when given (otherwise `\password` in psql, or peer/cert sign-in). */
  ownerPassword?: string;
  appPassword?: string;
}

/** The role names `setup-roles` uses unless told otherwise. */
export const DEFAULT_ROLES = { owner: 'thirdspace_owner', app: 'thirdspace_app' } as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates (or brings up to date) the owner and app roles on the current database, as a
 * superuser or a role with CREATEROLE that owns the database's objects:
 * - the owner role owns the schema, every table, sequence, view and function in it, and runs
 *   the migrations (MIGRATION_DATABASE_URL);
 * - the app role (DATABASE_URL) may read and write the tables, but owns nothing, so it cannot
 *   ALTER a table or DISABLE a TRIGGER, is no superuser, so it cannot SET session_replication_role,
 *   and on audit_events has INSERT and SELECT only, so no UPDATE, DELETE or TRUNCATE either;
 * - default privileges give the app role the same grants on tables later migrations create.
 * Safe to run again, after every migration if you like. Returns the statements it ran.
 */
export async function setupRoles(db: Kysely<Database>, roles: DatabaseRoles): Promise<string[]> {
  for (const name of [roles.owner, roles.app]) {
    if (!ROLE_NAME.test(name)) {
      throw new Error(`"${name}" is not a role name this command accepts (lower-case letters, digits and _)`);
    }
  }
  if (roles.owner === roles.app) {
    throw new Error('The owner and app roles must be different roles');
  }
  const ran: string[] = [];
  await db.transaction().execute(async (tx) => {
    const exec = async (text: string) => {
      await sql.raw(text).execute(tx);
      ran.push(text);
    };
    for (const [name, password] of [
      [roles.owner, roles.ownerPassword],
      [roles.app, roles.appPassword],
    ] as const) {
      const exists = await sql<{ found: number }>`select 1 as found from pg_roles where rolname = ${name}`.execute(tx);
      if (exists.rows.length === 0) {
        await exec(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
      } else {
        await exec(`ALTER ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
      }
      if (password) {
        await sql.raw(`ALTER ROLE ${name} PASSWORD ${literal(password)}`).execute(tx);
        ran.push(`ALTER ROLE ${name} PASSWORD '…'`);
      }
    }
    const database = (await sql<{ name: string }>`select current_database() as name`.execute(tx)).rows[0]?.name ?? '';
    await exec(`ALTER DATABASE ${identifier(database)} OWNER TO ${roles.owner}`);
    await exec(`ALTER SCHEMA public OWNER TO ${roles.owner}`);
    for (const statement of await ownershipStatements(tx, roles.owner)) {
      await exec(statement);
    }
    await exec(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await exec(`GRANT USAGE ON SCHEMA public TO ${roles.app}`);
    await exec(`GRANT CONNECT, TEMPORARY ON DATABASE ${identifier(database)} TO ${roles.app}`);
    await exec(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${roles.app}`);
    await exec(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${roles.app}`);
    // The audit trail: written and read, never changed (the triggers refuse it too, for the owner).
    await exec(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${roles.app}`);
    // Only migrations, run as the owner, record what was applied.
    await exec(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${roles.app}`);
    await exec(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${roles.app}`,
    );
    await exec(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${roles.app}`,
    );
  });
  return ran;
}

/** ALTER … OWNER TO for every table, view, sequence and function of ours (not an extension's) in public. */
async function ownershipStatements(db: Kysely<Database>, owner: string): Promise<string[]> {
  const relations = await sql<{ name: string; kind: string }>`
    select c.relname as name, c.relkind as kind
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
      and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
    order by c.relname`.execute(db);
  const functions = await sql<{ signature: string }>`
    select p.oid::regprocedure::text as signature
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    order by 1`.execute(db);
  const keyword: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE' };
  return [
    ...relations.rows.map((row) => `ALTER ${keyword[row.kind]} public.${identifier(row.name)} OWNER TO ${owner}`),
    ...functions.rows.map(
      (row) =>
        `ALTER FUNCTION ${row.signature.startsWith('public.') ? '' : 'public.'}${row.signature} OWNER TO ${owner}`,
    ),
  ];
}

/** Quotes an identifier for SQL. */
function identifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for SQL (ALTER ROLE takes no parameters). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
