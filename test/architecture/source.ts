/**
 * Reading the source tree for the architecture tests: file lists, comment-free text and line
 * numbers, and one way to report violations as `file:line reason`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One broken rule at one place. */
export interface Violation {
  /** Path from the repository root, with forward slashes. */
  file: string;
  line: number;
  reason: string;
}

/** Every file under `dir` (relative to the root), as root-relative paths with forward slashes, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** The text of a root-relative file. */
export function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** True for unit and integration tests and test fixtures. */
export function isTestFile(file: string): boolean {
  return /\.(test|int\.test|fixtures)\.ts$/.test(file);
}

/** The text with comments blanked out (kept the same length, newlines kept), so offsets still give line numbers. */
export function withoutComments(text: string): string {
  let out = '';
  let index = 0;
  let quote: string | null = null;
  while (index < text.length) {
    const char = text[index] ?? '';
    const next = text[index + 1] ?? '';
    if (quote) {
      out += char;
      if (char === '\\') {
        out += next;
        index += 2;
        continue;
      }
      if (char === quote) {
        quote = null;
      }
      index += 1;
    } else if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - index);
      index = stop;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(index, stop).replace(/[^\n]/g, ' ');
      index = stop;
    } else {
      if (char === "'" || char === '"' || char === '`') {
        quote = char;
      }
      out += char;
      index += 1;
    }
  }
  return out;
}

/** The 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
    }
  }
  return line;
}

/** The module a path under `src/modules/` belongs to, or undefined. */
export function moduleOf(file: string): string | undefined {
  return /^src\/modules\/([^/]+)\//.exec(file)?.[1];
}

/** Prints every violation as `file:line reason` and fails when there is any. */
export function assertNone(violations: readonly Violation[], rule: string): void {
  const lines = violations.map((violation) => `${violation.file}:${violation.line} ${violation.reason}`);
  for (const line of lines) {
    process.stdout.write(`${line}\n`);
  }
  assert.equal(lines.length, 0, `${lines.length} violation(s) of ${rule} (listed above as file:line reason)`);
}
