/**
 * SQL only in repositories: no Kysely query builder or raw SQL outside `*.repo.ts`, except in the
 * database layer itself (`platform/db/`: connection, migrations, roles, backup, readiness, type
 * generation), migrations, the demo data loader, tests and fixtures. The platform's own tables
 * (sessions, jobs, outbox, audit, rate limits) have repositories like a module's.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, isTestFile, lineAt, read, type Violation, withoutComments } from './source.ts';

/** The calls that start a query or run one. */
const QUERY = /\b(selectFrom|insertInto|updateTable|deleteFrom)\s*\(|\bsql\s*(?:<[^`;]*?>)?\s*`|\.execute\(/g;

/** True where SQL may be written outside a repository. */
function mayHoldSql(file: string): boolean {
  return (
    file.endsWith('.repo.ts') ||
    file.startsWith('src/platform/db/') ||
    file.startsWith('src/demo/') ||
    file.includes('/migrations/') ||
    isTestFile(file)
  );
}

test('no query builder call or raw SQL outside *.repo.ts, the database layer, migrations, demo, tests and fixtures', () => {
  const violations: Violation[] = [];
  for (const file of filesUnder('src')) {
    if (!file.endsWith('.ts') || mayHoldSql(file)) {
      continue;
    }
    const text = withoutComments(read(file));
    for (const match of text.matchAll(QUERY)) {
      const call = match[1] ?? (match[0].startsWith('.') ? '.execute(' : 'sql`');
      violations.push({ file, line: lineAt(text, match.index ?? 0), reason: `${call} outside a repository` });
    }
  }
  assertNone(violations, 'SQL only in repositories');
});
