import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTION_SHAPE } from './platform/audit/audit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every module's registered audit action names, by the file that registers them. */
function registeredActions(): Map<string, string[]> {
  const files = readdirSync(here, { recursive: true, encoding: 'utf8' }).filter(
    (file) => path.basename(file) === 'audit-actions.ts',
  );
  return new Map(
    files.map((file) => [
      file,
      [...readFileSync(path.join(here, file), 'utf8').matchAll(/^\s+'([^']+)': true;$/gm)].map(
        (match) => match[1] ?? '',
      ),
    ]),
  );
}

test('every audit action is named one way, <subject>.<what-happened>, and registered by one module only', () => {
  const byFile = registeredActions();
  assert.ok(byFile.size >= 6, 'each module registers its audit actions');
  const owners = new Map<string, string>();
  for (const [file, names] of byFile) {
    for (const name of names) {
      assert.match(name, AUDIT_ACTION_SHAPE, `${name} in ${file}`);
      assert.equal(owners.get(name), undefined, `${name} is registered by ${owners.get(name)} and ${file}`);
      owners.set(name, file);
    }
  }
});
