import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import { type MappedService, isFullRecord, mapOrukOrganization, mapOrukTerm } from './oruk-import-map.rules.ts';
import { OrukOrganizationImport, OrukTaxonomyTermImport } from './oruk-import.schemas.ts';
import { isKnownOrganization, knownTermIds } from './oruk-import-links.repo.ts';
import {
  type RecordBatch,
  type SourceRecord,
  SourceUnreadableError,
  isObject,
  pageFieldNote,
} from './oruk-import-sources.service.ts';

// An ORUK feed as an import source: its /services pages read over HTTP, and the providers
// and terms its records name only by id.

const MAX_PAGES = 100_000;
const DETAIL_CONCURRENCY = 4;

/** A service fetched from /services/{id}, or why it could not be. */
type Detail = { body: Record<string, unknown> } | { error: string };

/** Reads an ORUK feed's /services pages and, where list items are not full, /services/{id}. */
export class FeedReader {
  private readonly base: string;

  constructor(
    url: string,
    private readonly fetchImpl: typeof fetch,
    private readonly perPage: number,
  ) {
    this.base = url.replace(/\/+$/, '').replace(/\/services$/, '');
  }

  /** GETs a path of the feed as JSON, retrying network errors and 5xx/429 twice. */
  private async getJson(pathAndQuery: string): Promise<{ status: number; body: unknown }> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (attempt > 0) {
        await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
      }
      try {
        const response = await this.fetchImpl(`${this.base}${pathAndQuery}`, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status >= 500 || response.status === 429) {
          lastError = new Error(`HTTP ${response.status}`);
          continue;
        }
        const text = await response.text();
        try {
          return { status: response.status, body: JSON.parse(text) as unknown };
        } catch {
          return { status: response.status === 200 ? 422 : response.status, body: null };
        }
      } catch (error) {
        lastError = error;
      }
    }
    throw new Error(`could not reach ${this.base}${pathAndQuery}: ${(lastError as Error).message}`);
  }

  /**
   * A full service record for a list item, or the reason it could not be had. `fetched` holds
   * this page's detail requests by id, so an item the page repeats is asked for once.
   */
  private async fullRecord(
    item: Record<string, unknown>,
    where: string,
    fetched: Map<string, Promise<Detail>>,
  ): Promise<SourceRecord> {
    if (isFullRecord(item) || typeof item.id !== 'string' || !isUuid(item.id)) {
      return { where, value: item };
    }
    const id = item.id;
    let detail = fetched.get(id);
    if (!detail) {
      detail = this.fetchDetail(id);
      fetched.set(id, detail);
    }
    const result = await detail;
    return 'body' in result
      ? { where: `${where}, /services/${id}`, value: result.body }
      : { where, value: item, error: result.error };
  }

  /** GET /services/{id}: the record, or why it could not be had. */
  private async fetchDetail(id: string): Promise<Detail> {
    try {
      const detail = await this.getJson(`/services/${encodeURIComponent(id)}`);
      if (detail.status === 200 && isObject(detail.body)) {
        return { body: detail.body };
      }
      return { error: `could not fetch /services/${id} (HTTP ${detail.status})` };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /** Every page of /services in turn, until the feed says it was the last. */
  async *pages(): AsyncGenerator<RecordBatch> {
    let previousFirst: unknown;
    let held = 0;
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      let result: { status: number; body: unknown };
      try {
        result = await this.getJson(`/services?page=${page}&per_page=${this.perPage}`);
      } catch (error) {
        throw page === 1 ? new SourceUnreadableError((error as Error).message) : error;
      }
      const body = result.body;
      if (result.status !== 200 || !isObject(body) || !Array.isArray(body.contents)) {
        const reason = `${this.base}/services?page=${page} did not answer with an ORUK page (HTTP ${result.status})`;
        throw page === 1 ? new SourceUnreadableError(reason) : new Error(reason);
      }
      const contents = body.contents as unknown[];
      const first = isObject(contents[0]) ? contents[0].id : undefined;
      if (contents.length === 0 || (page > 1 && first !== undefined && first === previousFirst)) {
        return;
      }
      previousFirst = first;
      const records: SourceRecord[] = [];
      const fetched = new Map<string, Promise<Detail>>();
      for (let start = 0; start < contents.length; start += DETAIL_CONCURRENCY) {
        const slice = contents.slice(start, start + DETAIL_CONCURRENCY);
        records.push(
          ...(await Promise.all(
            slice.map((item, index) => {
              const where = `page ${page} item ${start + index + 1}`;
              return isObject(item)
                ? this.fullRecord(item, where, fetched)
                : Promise.resolve({ where, value: {}, error: 'not a JSON object' });
            }),
          )),
        );
      }
      const totalPages = typeof body.total_pages === 'number' ? body.total_pages : undefined;
      const last = body.last_page === true || (totalPages !== undefined && page >= totalPages);
      held += contents.length;
      const notes = [
        pageFieldNote(`/services?page=${page}`, page === 1 && last ? body : { size: body.size }, contents.length),
      ];
      if (last && page > 1 && typeof body.total_items === 'number' && body.total_items !== held) {
        notes.push(
          `the feed says total_items ${body.total_items}, but its ${page} pages held ${held} services: all ${held} were read`,
        );
      }
      yield {
        label: `Page ${page}${totalPages ? ` of ${totalPages}` : ''}`,
        records,
        notes: notes.filter((note): note is string => note !== null),
      };
      if (last) {
        return;
      }
    }
  }

  /** Fetches from the feed a provider or taxonomy terms a record names only by id. */
  async fillMissing(db: Executor, mapped: MappedService, warnings: string[]): Promise<void> {
    const { input } = mapped;
    if (!input.organization && input.organizationId && isUuid(input.organizationId)) {
      if (!(await isKnownOrganization(db, input.organizationId))) {
        const fetched = await this.getJson(`/organizations/${input.organizationId}`).catch(() => null);
        const parsed = fetched?.status === 200 ? OrukOrganizationImport.safeParse(fetched.body) : null;
        if (parsed?.success) {
          input.organization = mapOrukOrganization(parsed.data);
        }
      }
    }
    const given = new Set(mapped.terms.map((term) => term.id));
    const wanted = input.attributes.map((attribute) => attribute.taxonomyTermId).filter((id) => !given.has(id));
    if (wanted.length === 0) {
      return;
    }
    const known = await knownTermIds(db, wanted);
    for (const id of wanted.filter((termId) => !known.has(termId))) {
      const fetched = await this.getJson(`/taxonomy_terms/${id}`).catch(() => null);
      const parsed = fetched?.status === 200 ? OrukTaxonomyTermImport.safeParse(fetched.body) : null;
      if (parsed?.success) {
        mapped.terms.push(mapOrukTerm(parsed.data));
      } else {
        warnings.push(`could not fetch taxonomy term ${id} from the feed`);
      }
    }
  }
}
