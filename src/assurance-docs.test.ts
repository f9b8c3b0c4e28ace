/**
 * The assurance pack (docs/assurance/) names the tests that prove each control. These checks keep
 * it honest as the code moves: a renamed or deleted test, a hazard with no test, or a missing ASVS
 * chapter fails the unit suite instead of leaving a safety case that points at nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packDir = path.join(root, 'docs/assurance');

/** The documents of the pack, by file name. */
const pack = new Map(
  readdirSync(packDir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => [file, readFileSync(path.join(packDir, file), 'utf8')]),
);

/** Folders and files of this repository a document may cite. */
const CITABLE = /^(src|test|migrations|scripts|docs|public|bench|\.ci)\/|^package(-lock)?\.json$/;

/** Every repository path cited in backticks in a document (placeholders like `<file>` left out). */
function citedPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter((cited) => CITABLE.test(cited) && !/[<>*]/.test(cited));
}

/** Test files: unit, integration and browser journeys. */
const isTestFile = (cited: string) => /\.(test|int\.test)\.ts$|\.e2e\.ts$/.test(cited);

/** The hazard log's entries, each `### Hnn title` with the text up to the next heading. */
function hazards(): { id: string; title: string; body: string }[] {
  const text = pack.get('hazard-log.md') ?? '';
  return [...text.matchAll(/^### (H\d+) (.+)$([\s\S]*?)(?=^##|(?![\s\S]))/gm)].map((match) => ({
    id: match[1] ?? '',
    title: match[2] ?? '',
    body: match[3] ?? '',
  }));
}

describe('the assurance pack', () => {
  test('holds the documents its README lists, and every link between them resolves', () => {
    for (const file of [
      'README.md',
      'clinical-safety-case.md',
      'hazard-log.md',
      'dpia.md',
      'data-flows.md',
      'security.md',
      'dtac.md',
    ]) {
      assert.ok(pack.has(file), `docs/assurance/${file} is missing`);
    }
    for (const [file, text] of pack) {
      for (const match of text.matchAll(/\]\(([^)#\s]+\.md)(#[^)]*)?\)/g)) {
        const target = match[1] ?? '';
        assert.ok(existsSync(path.join(packDir, target)), `${file} links to ${target}, which does not exist`);
      }
    }
  });

  test('every file the pack cites exists (so a renamed or deleted test cannot leave a control unproven)', () => {
    const missing: string[] = [];
    let tests = 0;
    for (const [file, text] of pack) {
      for (const cited of citedPaths(text)) {
        tests += isTestFile(cited) ? 1 : 0;
        if (!existsSync(path.join(root, cited))) {
          missing.push(`docs/assurance/${file}: ${cited}`);
        }
      }
    }
    assert.ok(tests > 50, `the scan found only ${tests} test citations: is it still reading the pack?`);
    assert.deepEqual(missing, [], `cited files that do not exist:\n${missing.join('\n')}`);
  });

  test('the hazard log has the hazards the product must control, each with a tested control and both ratings', () => {
    const logged = hazards();
    const titles = logged.map((hazard) => hazard.title.toLowerCase());
    for (const required of [
      'stale directory entry given to a patient',
      'red flag missed at reception',
      'safeguarding concern not acknowledged',
      'referral',
      'wrong person',
      'introduction to a closed service',
      'personal data shown to the wrong organisation',
      'without a valid dbs check on a rota',
      'session record lost offline',
      'outbox message not delivered',
    ]) {
      assert.ok(
        titles.some((title) => title.includes(required)),
        `no hazard about "${required}" in the log`,
      );
    }
    for (const hazard of logged) {
      assert.ok(citedPaths(hazard.body).some(isTestFile), `${hazard.id} cites no test file`);
      assert.match(hazard.body, /\| Initial \|.*\*\*[1-5]\*\*/, `${hazard.id} has no initial risk`);
      assert.match(hazard.body, /\| Residual \|.*\*\*[1-5]\*\*/, `${hazard.id} has no residual risk`);
    }
    const summary = pack.get('clinical-safety-case.md') ?? '';
    for (const hazard of logged) {
      assert.match(summary, new RegExp(`\\| ${hazard.id} \\|`), `the safety case's summary leaves out ${hazard.id}`);
    }
  });

  test('the security description covers every ASVS chapter, V1 to V14', () => {
    const text = pack.get('security.md') ?? '';
    for (let chapter = 1; chapter <= 14; chapter += 1) {
      assert.match(text, new RegExp(`^## V${chapter} `, 'm'), `security.md has no section for V${chapter}`);
    }
  });
});
