import { type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Transaction } from 'kysely';
import { type AuditSource, recordAudit } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { rescheduleReview } from '../freshness/freshness.repo.ts';
import { type MappedService, mapOrukService } from './oruk-import-map.rules.ts';
import {
  type PendingLinks,
  ensureTerms,
  isKnownOrganization,
  knownTermIds,
  ownedLocationIds,
  newPendingLinks,
  notePendingOrganizationParent,
  resolvePendingLinks,
  unresolvedLinkWarnings,
} from './oruk-import-links.repo.ts';
import { presentService } from './oruk.presenter.ts';
import { OrukServiceImport, describeIssues } from './oruk-import.schemas.ts';
import { loadLocations } from '../shared/service-parts.repo.ts';
import { PUBLIC, type ServiceAudience, iterateServices, listServices } from '../shared/services.repo.ts';
import { locationCopyId } from '../shared/service-rows.rules.ts';
import { upsertService } from '../shared/service-write.repo.ts';
import { type RecordBatch, readFileRecords, readFolderRecords } from './oruk-import-sources.service.ts';
import { FeedReader } from './oruk-feed-reader.service.ts';
import { type SeenIds, progressLine, reasonFor, repeatWarnings } from './oruk-import-report.rules.ts';

/** One record that could not be imported, and why. */
export interface ImportFailure {
  id: string | null;
  where: string;
  reason: string;
}

/** What an import did. */
export interface ImportSummary {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records skipped because an earlier record of this import, already imported, had the same id. */
  duplicates: number;
  failed: ImportFailure[];
  warnings: string[];
  /** Set when the source itself could not be read (nothing was imported from it). */
  sourceError: string | null;
}

/** Options for an import run. */
export interface ImportOptions {
  /** The Thirdspace organisation (practice or network) that will keep the imported records. */
  ownerOrganisationId: string;
  /** Progress lines (one per page or file). */
  progress?: (line: string) => void;
  /** For tests: the fetch to use for URLs. */
  fetchImpl?: typeof fetch;
  perPage?: number;
  audit?: AuditSource;
}

/**
 * Links location references to locations the importing organisation already keeps (or its own
 * copy of one another organisation keeps); drops the rest with a warning. Another
 * organisation's location is never linked: its details are its own to change.
 */
async function resolveReferences(
  tx: Transaction<Database>,
  scope: Scope,
  mapped: MappedService,
  warnings: string[],
): Promise<void> {
  const { input } = mapped;
  if (mapped.locationReferences.length > 0) {
    const owner = input.ownerOrganisationId;
    const candidates = mapped.locationReferences.flatMap((reference) => [
      reference.locationId,
      locationCopyId(owner, reference.locationId),
    ]);
    const owned = await ownedLocationIds(tx, scope, candidates);
    const known = await loadLocations(tx, owned);
    for (const reference of mapped.locationReferences) {
      const location = known.get(reference.locationId) ?? known.get(locationCopyId(owner, reference.locationId));
      if (location) {
        input.serviceAtLocations.push({
          id: reference.salId,
          description: reference.description,
          location,
          schedules: reference.schedules,
        });
      } else {
        warnings.push(
          `location ${reference.locationId} is not given in full and is not in this directory, so it was left out`,
        );
      }
    }
  }
  const termIds = input.attributes.map((attribute) => attribute.taxonomyTermId);
  if (termIds.length > 0) {
    const known = await knownTermIds(tx, termIds);
    const missing = input.attributes.filter((attribute) => !known.has(attribute.taxonomyTermId));
    for (const attribute of missing) {
      warnings.push(
        `taxonomy term ${attribute.taxonomyTermId} is not in this directory, so attribute ${attribute.id} was left out`,
      );
    }
    input.attributes = input.attributes.filter((attribute) => known.has(attribute.taxonomyTermId));
  }
  if (!input.organization && input.organizationId) {
    if (!(await isKnownOrganization(tx, input.organizationId))) {
      warnings.push(
        `organization ${input.organizationId} is not given in full and is not in this directory, ` +
          'so the service has no provider',
      );
      input.organizationId = null;
    }
  }
}

/**
 * Imports records one at a time, each in its own transaction; a failure never stops the rest.
 * A record whose id was already imported in this run is skipped (a feed that repeats itself
 * must not write the same service over and over).
 */
async function importBatch(
  db: Executor,
  batch: RecordBatch,
  options: ImportOptions,
  summary: ImportSummary,
  reader: FeedReader | null,
  seen: SeenIds,
  pending: PendingLinks,
): Promise<string> {
  const counts = { created: 0, updated: 0, unchanged: 0, failed: 0, repeated: 0 };
  const scope = trustedScope([options.ownerOrganisationId], 'command');
  summary.warnings.push(...(batch.notes ?? []));
  for (const record of batch.records) {
    summary.read += 1;
    const id = typeof record.value.id === 'string' ? record.value.id : null;
    const first = id ? seen.get(id) : undefined;
    if (first) {
      first.repeats += 1;
      summary.duplicates += 1;
      counts.repeated += 1;
      continue;
    }
    if (record.error) {
      summary.failed.push({ id, where: record.where, reason: record.error });
      counts.failed += 1;
      continue;
    }
    const parsed = OrukServiceImport.safeParse(record.value);
    if (!parsed.success) {
      summary.failed.push({
        id,
        where: record.where,
        reason: `does not match the ORUK service schema: ${describeIssues(parsed.error)}`,
      });
      counts.failed += 1;
      continue;
    }
    const warnings: string[] = [];
    const mapped = mapOrukService(parsed.data, options.ownerOrganisationId, warnings);
    if (reader) {
      await reader.fillMissing(db, mapped, warnings);
    }
    try {
      const outcome = await withTransaction(db, async (tx) => {
        await ensureTerms(tx, mapped.terms, pending);
        await resolveReferences(tx, scope, mapped, warnings);
        await notePendingOrganizationParent(tx, mapped, pending);
        const written = await upsertService(tx, scope, mapped.input, { source: 'import', userId: null });
        if (written !== 'unchanged') {
          // The feed's assured_date is when the entry was last checked: the next review counts from it.
          await rescheduleReview(tx, mapped.input.id);
        }
        return written;
      });
      counts[outcome] += 1;
      summary[outcome] += 1;
      if (id) {
        seen.set(id, { where: record.where, repeats: 0 });
      }
      summary.warnings.push(...warnings.map((warning) => `${record.where} (${id}): ${warning}`));
    } catch (error) {
      summary.failed.push({ id, where: record.where, reason: reasonFor(error) });
      counts.failed += 1;
    }
  }
  // Parents later in this page (or the feed's order) are known now.
  await resolvePendingLinks(db, scope, pending);
  return progressLine(batch.label, batch.records.length, counts);
}

/**
 * Imports an ORUK 3.0 feed (a URL, paged through /services), a .json or .ndjson file, or a
 * folder of them, into the directory under one owner. Records are upserted by id, each in
 * its own transaction, so a run can be repeated or interrupted safely; records that fail the
 * schema are reported and skipped.
 */
export async function importOruk(db: Executor, source: string, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    failed: [],
    warnings: [],
    sourceError: null,
  };
  const progress = options.progress ?? (() => undefined);
  const seen: SeenIds = new Map();
  const pending = newPendingLinks();
  try {
    if (/^https?:\/\//i.test(source)) {
      const reader = new FeedReader(source, options.fetchImpl ?? fetch, options.perPage ?? 50);
      for await (const batch of reader.pages()) {
        progress(await importBatch(db, batch, options, summary, reader, seen, pending));
      }
    } else {
      const info = await stat(source);
      const batches = info.isDirectory()
        ? await readFolderRecords(source)
        : [await readFileRecords(source, await readFile(source, 'utf8'))];
      for (const batch of batches) {
        progress(await importBatch(db, batch, options, summary, null, seen, pending));
      }
    }
  } catch (error) {
    if (summary.read > 0 && !(error as { sourceUnreadable?: boolean }).sourceUnreadable) {
      summary.failed.push({ id: null, where: source, reason: `the import stopped early: ${(error as Error).message}` });
    } else {
      summary.sourceError = (error as Error).message;
    }
  }
  summary.warnings.push(...repeatWarnings(seen), ...(await unresolvedLinkWarnings(db, pending)));
  if (options.audit) {
    await recordAudit(db, options.audit, {
      action: 'directory.imported',
      organisationId: options.ownerOrganisationId,
      details: {
        read: summary.read,
        created: summary.created,
        updated: summary.updated,
        unchanged: summary.unchanged,
        duplicates: summary.duplicates,
        failed: summary.failed.length,
        sourceKind: /^https?:/i.test(source) ? 'url' : path.extname(source) || 'folder',
      },
    });
  }
  return summary;
}

/** Writes every service the audience may see as ORUK JSON (one page of full records) or ndjson. */
export async function exportOruk(
  db: Executor,
  write: (chunk: string) => Promise<void>,
  options: { format: 'json' | 'ndjson'; audience?: ServiceAudience },
): Promise<number> {
  const audience = options.audience ?? PUBLIC;
  let count = 0;
  if (options.format === 'ndjson') {
    for await (const service of iterateServices(db, audience)) {
      await write(`${JSON.stringify(presentService(service))}\n`);
      count += 1;
    }
    return count;
  }
  // One page holding everything, so the file reads like a feed's /services?full=true page.
  const total = (await listServices(db, audience, {}, { number: 1, size: 1 })).total;
  await write(
    `{"total_items":${total},"total_pages":1,"page_number":1,"size":${total},` +
      `"first_page":true,"last_page":true,"empty":${total === 0},"contents":[\n`,
  );
  for await (const service of iterateServices(db, audience)) {
    await write(`${count === 0 ? '' : ',\n'}${JSON.stringify(presentService(service))}`);
    count += 1;
  }
  await write('\n]}\n');
  return count;
}
