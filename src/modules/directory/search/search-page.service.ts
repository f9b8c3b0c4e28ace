import type { Executor } from '../../../platform/db/transaction.ts';
import { ValidationError } from '../../../lib/errors.ts';
import {
  ACCESS_NEEDS,
  DAYS,
  DISTANCES_MILES,
  type SearchQuery,
  TIMES_OF_DAY,
  isEmptySearch,
  parseSearchQuery,
  searchQueryString,
} from './directory-search.schemas.ts';
import { DEFAULT_DISTANCE_MILES, type SearchOutcome } from './directory-search.service.ts';
import { listNeeds } from '../services/service-edit.service.ts';

/** The fixed choices of the search form. */
export const SEARCH_CHOICES = {
  days: DAYS.map((day) => ({ value: day.value, label: day.label })),
  times: Object.entries(TIMES_OF_DAY).map(([value, part]) => ({ value, label: part.label })),
  distances: DISTANCES_MILES,
  defaultDistance: DEFAULT_DISTANCE_MILES,
  access: Object.entries(ACCESS_NEEDS).map(([value, need]) => ({ value, label: need.label })),
};

/** What a search page needs besides the search itself. */
export interface SearchPageOptions {
  /** The page's own address (the form's action and pagination links). */
  action: string;
  context: Record<string, unknown>;
  run: (query: SearchQuery) => Promise<SearchOutcome>;
}

/** A search page ready to show: what its template reads, and the status to answer with. */
export interface SearchPage {
  context: Record<string, unknown>;
  status: number;
}

/** Runs the search, turning a search it cannot do (a postcode we cannot find) into the form's errors. */
async function runOrRefuse(options: SearchPageOptions, query: SearchQuery): Promise<SearchOutcome | ValidationError> {
  try {
    return await options.run(query);
  } catch (error) {
    if (error instanceof ValidationError) {
      return error;
    }
    throw error;
  }
}

/**
 * A search page: the form with what was typed, and results once something is asked. Bad
 * input (or a postcode we cannot find) shows the form again with a 400 and the errors.
 */
export async function buildSearchPage(
  db: Executor,
  rawQuery: unknown,
  options: SearchPageOptions,
): Promise<SearchPage> {
  const needs = await listNeeds(db);
  const base = { ...options.context, needs, choices: SEARCH_CHOICES, columnClass: 'nhsuk-grid-column-full' };
  const parsed = parseSearchQuery(rawQuery);
  if (!parsed.ok) {
    return { context: { ...base, values: parsed.values, errors: parsed.errors }, status: 400 };
  }
  const query = parsed.query;
  const values = { ...query, within: query.within ?? '' };
  if (isEmptySearch(query)) {
    return { context: { ...base, values }, status: 200 };
  }
  const outcome = await runOrRefuse(options, query);
  if (outcome instanceof ValidationError) {
    return { context: { ...base, values, errors: outcome.errors }, status: 400 };
  }
  const link = (page: number) => ({
    href: `${options.action}?${searchQueryString(query, page)}#results`,
    labelText: `${page} of ${outcome.pages}`,
  });
  const pageLinks = {
    previous: outcome.page > 1 ? link(Math.min(outcome.page - 1, outcome.pages)) : undefined,
    next: outcome.page < outcome.pages ? link(outcome.page + 1) : undefined,
  };
  return { context: { ...base, values, outcome, pageLinks }, status: 200 };
}
