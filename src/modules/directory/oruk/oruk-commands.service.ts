import { trustedScope } from '../../../platform/auth/policy.ts';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { exportOruk, importOruk } from './oruk-import.service.ts';
import { PUBLIC } from '../shared/services.repo.ts';
import { findOrganisationByIdOrOdsCode, listOrganisationIds } from '../shared/organisations.repo.ts';
import { seedTaxonomies } from '../shared/taxonomies.repo.ts';

// The directory's CLI commands (npm run cli -- import-oruk / export-oruk). Progress and
// failures go to stderr, the summary to stdout.

/** The CLI acts as the system, audited as such. */
const CLI_AUDIT = { actorUserId: null, requestId: `cli:${process.pid}` };

/**
 * import-oruk: 0 when at least one record was imported (failures listed), 1 when nothing
 * could be read or imported, 2 for a usage mistake.
 */
export async function importOrukCommand(
  db: Kysely<Database>,
  source: string | undefined,
  ownerText: string | undefined,
  perPageText: string | undefined,
): Promise<number> {
  if (!source || !ownerText) {
    process.stderr.write(
      'import-oruk needs a source and --owner, for example:\n  npm run cli -- import-oruk https://example.org/oruk --owner Y99901\n',
    );
    return 2;
  }
  const perPage = perPageText === undefined ? 50 : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) {
    process.stderr.write('--per-page must be a whole number from 1 to 1000\n');
    return 2;
  }
  const owner = await findOrganisationByIdOrOdsCode(db, ownerText);
  if (!owner) {
    process.stderr.write(`No organisation has the ODS code or id ${ownerText}\n`);
    return 2;
  }
  // A new database may not have met the app yet: the shipped taxonomies must be there first.
  await seedTaxonomies(db);
  const summary = await importOruk(db, source, {
    ownerOrganisationId: owner.id,
    perPage,
    audit: CLI_AUDIT,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  if (summary.sourceError) {
    process.stderr.write(`Could not read ${source}: ${summary.sourceError}\n`);
    return 1;
  }
  const imported = summary.created + summary.updated + summary.unchanged;
  for (const failure of summary.failed.slice(0, 200)) {
    process.stderr.write(`  failed: ${failure.where}${failure.id ? ` (${failure.id})` : ''}: ${failure.reason}\n`);
  }
  for (const warning of summary.warnings.slice(0, 50)) {
    process.stderr.write(`  warning: ${warning}\n`);
  }
  process.stdout.write(
    `Read ${summary.read} service record(s) for ${owner.name}: ` +
      `${summary.created} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ` +
      `${summary.failed.length} failed, ` +
      `${summary.duplicates > 0 ? `${summary.duplicates} repeated (skipped), ` : ''}` +
      `${summary.warnings.length} warning(s).\n`,
  );
  return imported > 0 ? 0 : 1;
}

/** export-oruk: writes the directory to a file (or stdout for "-"). */
export async function exportOrukCommand(
  db: Kysely<Database>,
  file: string | undefined,
  formatText: string | undefined,
  all: boolean,
): Promise<number> {
  const format = formatText ?? (file?.endsWith('.ndjson') ? 'ndjson' : 'json');
  if (!file || (format !== 'json' && format !== 'ndjson')) {
    process.stderr.write('export-oruk needs a file (or -) and --format json or ndjson\n');
    return 2;
  }
  let audience = PUBLIC;
  if (all) {
    audience = { kind: 'scope', scope: trustedScope(await listOrganisationIds(db), 'command') };
  }
  const out = file === '-' ? process.stdout : createWriteStream(file, { encoding: 'utf8' });
  const write = async (chunk: string) => {
    if (!out.write(chunk)) {
      await once(out, 'drain');
    }
  };
  const count = await exportOruk(db, write, { format, audience });
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
    process.stderr.write(`Wrote ${count} service(s) to ${file} as ${format}.\n`);
  }
  await recordAudit(db, CLI_AUDIT, { action: 'directory.exported', details: { count, format, all } });
  return 0;
}
