import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// A conformance check that judges an ORUK 3.0 feed the way the official ORUK validator does
// (../shared/reference/standards.md §1.4 and §4 option A): GET /, then the first, middle and
// last page of every list endpoint, then {id} endpoints with ids taken from the lists, each
// body validated against the published schemas. Required endpoints decide pass or fail;
// optional ones only warn, as in the validator.

const here = path.dirname(fileURLToPath(import.meta.url));
const SCHEMA_DIR = path.join(here, '../fixtures/oruk-3.0/schema');
/** Where the ORUK schemas are published; their $refs use these addresses. */
export const SCHEMA_BASE = 'https://openreferraluk.org/specifications/3.0/schema/';

type Validator = ReturnType<InstanceType<typeof Ajv2020.default>['compile']>;
let ajv: InstanceType<typeof Ajv2020.default> | null = null;

/** Ajv (JSON Schema 2020-12, formats on, not strict) with every ORUK schema registered under its address. */
export function orukAjv(): InstanceType<typeof Ajv2020.default> {
  if (!ajv) {
    const instance = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(instance);
    for (const file of readdirSync(SCHEMA_DIR).filter(
      (name) => name.endsWith('.json') && name !== 'open_api.json' && name !== 'empy_list_response.json',
    )) {
      instance.addSchema(
        JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object,
        `${SCHEMA_BASE}${file}`,
      );
    }
    ajv = instance;
  }
  return ajv;
}

/** Schema errors for `body` against an ORUK schema file (e.g. "service.json"); empty when valid. */
export function orukErrors(schemaFile: string, body: unknown): string[] {
  const validate = orukAjv().getSchema(`${SCHEMA_BASE}${schemaFile}`) as Validator | undefined;
  if (!validate) {
    throw new Error(`No ORUK schema ${schemaFile}`);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
}

/** A GET response as the crawler sees it. */
export interface FeedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** How to GET a path of the feed (relative to its base, e.g. "/services?page=2"). */
export type FeedGetter = (pathAndQuery: string) => Promise<FeedResponse>;

/** What the crawl found. */
export interface FeedReport {
  /** True when / and the required endpoints all pass (the validator's rule). */
  passed: boolean;
  /** Problems with required endpoints. */
  failures: string[];
  /** Problems with optional endpoints. */
  warnings: string[];
  /** How many responses were validated. */
  checked: number;
  /** Every path fetched, in order (so a test can see that an id was really checked). */
  paths: string[];
}

const ENDPOINTS = [
  { list: '/services', listSchema: 'service_list.json', itemSchema: 'service.json', required: true },
  {
    list: '/service_at_locations',
    listSchema: 'service_at_location_list.json',
    itemSchema: 'service_at_location.json',
    required: false,
  },
  { list: '/organizations', listSchema: 'organization_list.json', itemSchema: 'organization.json', required: false },
  { list: '/taxonomies', listSchema: 'taxonomy_list.json', itemSchema: 'taxonomy.json', required: false },
  { list: '/taxonomy_terms', listSchema: 'taxonomy_term_list.json', itemSchema: 'taxonomy_term.json', required: false },
];
const PAGE_FIELDS = ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How to crawl. */
export interface CrawlOptions {
  /** How many ids of each list to fetch through its {id} endpoint (first, middle and last; at most 3). */
  idsPerEndpoint?: number;
  /** Also require `Access-Control-Allow-Origin: *` on every answer. */
  checkCors?: boolean;
  /**
   * Also check that the page fields agree with each other and that a page past the end is
   * valid and empty (our own feed's promise, not the validator's).
   */
  strictPages?: boolean;
  /** Ids to fetch through an {id} endpoint as well as those taken from the lists, by list path (e.g. "/organizations"). */
  ids?: Record<string, readonly string[]>;
}

/**
 * Crawls a feed as the ORUK validator does and reports what fails (see CrawlOptions for the
 * checks beyond the validator's).
 */
export async function crawlFeed(get: FeedGetter, options: CrawlOptions = {}): Promise<FeedReport> {
  const report: FeedReport = { passed: true, failures: [], warnings: [], checked: 0, paths: [] };
  const problem = (required: boolean, text: string) => {
    (required ? report.failures : report.warnings).push(text);
  };
  const check = async (pathAndQuery: string, schema: string, required: boolean): Promise<unknown> => {
    const response = await get(pathAndQuery);
    report.checked += 1;
    report.paths.push(pathAndQuery);
    if (response.status < 200 || response.status > 299) {
      problem(required, `${pathAndQuery}: HTTP ${response.status}`);
      return undefined;
    }
    if (options.checkCors && response.headers['access-control-allow-origin'] !== '*') {
      problem(required, `${pathAndQuery}: no Access-Control-Allow-Origin: *`);
    }
    for (const error of orukErrors(schema, response.body)) {
      problem(required, `${pathAndQuery}: ${error}`);
    }
    return response.body;
  };

  const root = await check('/', 'api_details.json', true);
  if (isObject(root) && root.version !== 'HSDS-UK-3.0') {
    problem(true, `/: version ${JSON.stringify(root.version)} is not HSDS-UK-3.0`);
  }
  for (const endpoint of ENDPOINTS) {
    const ids: string[] = [];
    const first = await check(`${endpoint.list}?page=1`, endpoint.listSchema, endpoint.required);
    const totalPages = isObject(first) && typeof first.total_pages === 'number' ? Math.max(1, first.total_pages) : 1;
    const pages = [...new Set([1, Math.ceil(totalPages / 2), totalPages])];
    for (const page of pages) {
      const body =
        page === 1 ? first : await check(`${endpoint.list}?page=${page}`, endpoint.listSchema, endpoint.required);
      if (!isObject(body)) {
        continue;
      }
      const contents = Array.isArray(body.contents) ? body.contents : [];
      if (options.strictPages) {
        // Beyond the validator: the page fields must agree with each other (standards.md §4).
        const missing = PAGE_FIELDS.filter((field) => !(field in body));
        if (missing.length > 0) {
          problem(endpoint.required, `${endpoint.list}?page=${page}: page fields missing: ${missing.join(', ')}`);
        }
        // ORUK's `empty` is "is this page empty", not "is the list empty".
        if (
          body.size !== contents.length ||
          body.empty !== (contents.length === 0) ||
          body.page_number !== page ||
          body.first_page !== (page === 1) ||
          body.last_page !== (page === totalPages)
        ) {
          problem(
            endpoint.required,
            `${endpoint.list}?page=${page}: page fields disagree: ${JSON.stringify({ ...body, contents: contents.length })}`,
          );
        }
      }
      if (contents.length === 0 && page === 1) {
        problem(false, `${endpoint.list}: the feed is empty`);
      }
      ids.push(...contents.flatMap((item) => (isObject(item) && typeof item.id === 'string' ? [item.id] : [])));
    }
    if (options.strictPages) {
      const beyond = totalPages + 1;
      const body = await check(`${endpoint.list}?page=${beyond}`, endpoint.listSchema, endpoint.required);
      if (
        isObject(body) &&
        (body.empty !== true ||
          body.size !== 0 ||
          !Array.isArray(body.contents) ||
          body.contents.length > 0 ||
          body.page_number !== beyond)
      ) {
        problem(
          endpoint.required,
          `${endpoint.list}?page=${beyond}: a page past the end should be empty: ${JSON.stringify({ ...body, contents: Array.isArray(body.contents) ? body.contents.length : body.contents })}`,
        );
      }
    }
    if (ids.length === 0) {
      problem(false, `${endpoint.list}/{id}: no ids to test`);
    }
    const fromList = [...new Set([ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]])]
      .filter((id): id is string => id !== undefined)
      .slice(0, options.idsPerEndpoint ?? 3);
    const chosen = [...new Set([...fromList, ...(options.ids?.[endpoint.list] ?? [])])];
    for (const id of chosen) {
      await check(`${endpoint.list}/${id}`, endpoint.itemSchema, endpoint.required);
    }
  }
  report.passed = report.failures.length === 0;
  return report;
}

/** Maps a mock feed folder's files to the endpoints the validator calls (page and id are ignored). */
export function mockFeedFile(pathAndQuery: string): string | null {
  const route = pathAndQuery.split('?')[0] ?? '';
  const table: [RegExp, string[]][] = [
    [/^\/?$/, ['api_details.json']],
    [/^\/services$/, ['service_list.json']],
    [/^\/services\/[^/]+$/, ['service_full.json']],
    [/^\/service_at_locations$/, ['service_at_location_list.json']],
    [/^\/service_at_locations\/[^/]+$/, ['service_at_location_full.json']],
    [/^\/organizations$/, ['organization_list.json']],
    [/^\/organizations\/[^/]+$/, ['organization_full.json', 'organization.json']],
    [/^\/taxonomies$/, ['taxonomy_list.json']],
    [/^\/taxonomies\/[^/]+$/, ['taxonomy.json']],
    [/^\/taxonomy_terms$/, ['taxonomy_term_list.json']],
    [/^\/taxonomy_terms\/[^/]+$/, ['taxonomy_term.json']],
  ];
  for (const [pattern, files] of table) {
    if (pattern.test(route)) {
      return files.join('|');
    }
  }
  return null;
}
