import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { MIGRATIONS_DIR } from './migrate.ts';
import type { Database } from './schema.ts';

/**
 * The tables the migrations create (and do not drop later), read from the SQL files, so a
 * database restored without one of them is seen as not ready rather than answering 500s.
 */
export function migratedTables(dir = MIGRATIONS_DIR): string[] {
  const tables = new Set<string>(['schema_migrations']);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/--.*$/gm, '');
    for (const match of text.matchAll(/\b(create|drop)\s+table\s+(?:if\s+(?:not\s+)?exists\s+)?(?:public\.)?(\w+)/gi)) {
      const [, verb, name] = match;
      if (name) {
        if (verb?.toLowerCase() === 'create') {
          tables.add(name.toLowerCase());
        } else {
          tables.delete(name.toLowerCase());
        }
      }
    }
  }
  return [...tables].sort();
}

/** What /readyz reports: reachable, and every migrated table present. */
export type Readiness = { ready: true } | { ready: false; reason: string };

/** Checks the database answers and holds every table the migrations made. */
export async function checkReadiness(db: Kysely<Database>, expected: string[]): Promise<Readiness> {
  try {
    const present = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relname = any(${expected})`.execute(db);
    const found = new Set(present.rows.map((row) => row.name));
    const missing = expected.filter((name) => !found.has(name));
    return missing.length === 0 ? { ready: true } : { ready: false, reason: `missing tables: ${missing.join(', ')}` };
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
}
