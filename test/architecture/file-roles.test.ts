/**
 * Every file under src/modules/ has one of the roles in docs/architecture.md ("File roles"), so a
 * newcomer can guess a file's path from what it holds.
 */
import { test } from 'node:test';
import { assertNone, filesUnder, type Violation } from './source.ts';

/** Files a module keeps at its root, beside its capability folders. */
const MODULE_ROOT_FILES = new Set(['index.ts', 'README.md', 'audit-actions.ts']);

/** The role suffixes of docs/architecture.md. */
const ROLE =
  /^[a-z0-9]+(?:-[a-z0-9]+)*\.(pages|api|service|repo|schemas|policy|presenter|rules|jobs|tables|fixtures)\.ts$/;

/** The role of a file inside its module, or why it has none. */
function roleProblem(inModule: string): string | null {
  const parts = inModule.split('/');
  const name = parts.at(-1) ?? '';
  if (parts.length === 1 && MODULE_ROOT_FILES.has(name)) {
    return null;
  }
  if (parts.at(-2) === 'data' && !name.endsWith('.ts')) {
    // Data shipped with the app (a specification, a lookup table); the folder's README.md says where each came from.
    return null;
  }
  if (MODULE_ROOT_FILES.has(name)) {
    return `${name} belongs at the module's root, not in a capability folder`;
  }
  if (name.endsWith('.njk')) {
    return parts.at(-2) === 'views' ? null : 'templates live in a views/ folder';
  }
  if (parts.includes('contracts')) {
    return name.endsWith('.repo.ts') || /\.(test|int\.test)\.ts$/.test(name) ? null : 'a contract is a *.repo.ts';
  }
  if (ROLE.test(name) || name.endsWith('.test.ts')) {
    return null;
  }
  return 'has no file role from docs/architecture.md';
}

test('every file under src/modules/ has a role from docs/architecture.md', () => {
  const violations: Violation[] = [];
  for (const file of filesUnder('src/modules')) {
    const inModule = file.split('/').slice(3).join('/');
    const problem = roleProblem(inModule);
    if (problem) {
      violations.push({ file, line: 1, reason: problem });
    }
  }
  assertNone(violations, 'the file roles');
});
