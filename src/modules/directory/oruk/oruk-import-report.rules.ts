import { AppError } from '../../../lib/errors.ts';

// What an import reports, in words: why a record failed, each page's progress line, and the ids a source repeated.

/** Ids imported so far in one run: where each was first read, and how many later records repeated it. */
export type SeenIds = Map<string, { where: string; repeats: number }>;

/** Why a database or app error refused a record, in words. */
export function reasonFor(error: unknown): string {
  if (error instanceof AppError) {
    const fields =
      'errors' in error && typeof error.errors === 'object' && error.errors
        ? Object.values(error.errors as Record<string, string>)
        : [];
    return [error.message, ...fields].join(': ');
  }
  const code = (error as { code?: string }).code;
  if (code === '23505') {
    return 'an id in this record is already used by a different record';
  }
  if (code === '23503') {
    return 'it refers to something that does not exist';
  }
  if (code?.startsWith('22') || code?.startsWith('23')) {
    return `a value was refused by the database (${(error as Error).message})`;
  }
  throw error;
}

/** How one page or file went, for the progress line: "Page 1 of 3: 2 services (1 new, ...)". */
export function progressLine(
  label: string,
  services: number,
  counts: { created: number; updated: number; unchanged: number; failed: number; repeated: number },
): string {
  const repeated = counts.repeated > 0 ? `, ${counts.repeated} repeated` : '';
  return (
    `${label}: ${services} service${services === 1 ? '' : 's'} ` +
    `(${counts.created} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed${repeated})`
  );
}

/** One warning for each id that came more than once: which copy was imported, and how many were skipped. */
export function repeatWarnings(seen: SeenIds): string[] {
  return [...seen].flatMap(([id, first]) =>
    first.repeats === 0
      ? []
      : [
          `${id} came ${first.repeats + 1} times: the first (${first.where}) was imported and ` +
            `${first.repeats === 1 ? 'the later record with this id was' : `the ${first.repeats} later records with this id were`}` +
            ' skipped',
        ],
  );
}
