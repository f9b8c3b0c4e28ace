/**
 * A module's repositories name only its own tables and the foundation's. A module owns the tables
 * its `*.tables.ts` files declare (`DB['table']` or a `Pick<DB, …>` of them); the foundation's are
 * those `src/platform/db/schema.ts` declares. Any other table is read through the owning module's
 * index.ts (a service or a read contract), never by SQL.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, lineAt, moduleOf, read, type Violation, withoutComments } from './source.ts';

/** The table names a types file declares. */
function declaredTables(file: string): string[] {
  const text = read(file);
  const names = [...text.matchAll(/DB\['([a-z_0-9]+)'\]/g)].map((match) => match[1] ?? '');
  for (const pick of text.matchAll(/Pick<\s*DB,([^>]*)>/g)) {
    names.push(...[...(pick[1] ?? '').matchAll(/'([a-z_0-9]+)'/g)].map((match) => match[1] ?? ''));
  }
  return names;
}

/** Every table of the generated database types. */
function allTables(): Set<string> {
  const text = read('src/platform/db/database.types.ts');
  const db = /export interface DB \{([^}]*)\}/.exec(text)?.[1] ?? '';
  return new Set([...db.matchAll(/^\s+([a-z_0-9]+):/gm)].map((match) => match[1] ?? ''));
}

const tables = allTables();
const foundation = new Set(declaredTables('src/platform/db/schema.ts'));
const owner = new Map<string, string>();
for (const file of filesUnder('src/modules').filter((name) => name.endsWith('.tables.ts'))) {
  for (const table of declaredTables(file)) {
    owner.set(table, moduleOf(file) ?? '');
  }
}

test('every table has an owner: the foundation or one module', () => {
  const violations: Violation[] = [...tables]
    .filter((table) => !foundation.has(table) && !owner.has(table))
    .map((table) => ({
      file: 'src/platform/db/database.types.ts',
      line: 1,
      reason: `table ${table} is declared by no *.tables.ts nor platform/db/schema.ts`,
    }));
  assertNone(violations, 'table ownership');
});

test("a module's repositories name only its own tables and the foundation's", () => {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const file of filesUnder('src/modules').filter((name) => name.endsWith('.repo.ts'))) {
    const module = moduleOf(file);
    const text = withoutComments(read(file));
    // Table names appear in string literals ('champions as c', 'champion_hours.status') and in raw SQL.
    for (const literal of text.matchAll(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g)) {
      for (const word of literal[0].matchAll(/[a-z_][a-z_0-9]*/g)) {
        const table = word[0];
        const tableOwner = owner.get(table);
        if (tableOwner && tableOwner !== module && !foundation.has(table)) {
          const line = lineAt(text, (literal.index ?? 0) + (word.index ?? 0));
          const key = `${file}:${line}:${table}`;
          if (!seen.has(key)) {
            seen.add(key);
            violations.push({ file, line, reason: `names ${tableOwner}'s table ${table}` });
          }
        }
      }
    }
  }
  assertNone(violations, 'table ownership');
});
