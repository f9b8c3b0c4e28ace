import type { FastifyReply } from 'fastify';
import type { Executor } from '../../platform/db/transaction.ts';
import { ValidationError } from '../../lib/errors.ts';
import { ACCESS_NEEDS, DAYS, DISTANCES_MILES, type SearchQuery, TIMES_OF_DAY, isEmptySearch, parseSearchQuery, searchQueryString } from './directory-search.schemas.ts';
import { DEFAULT_DISTANCE_MILES, type SearchOutcome } from './directory-search.service.ts';
import { listNeeds } from './service-edit.service.ts';

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
  template: string;
  /** The page's own address (the form's action and pagination links). */
  action: string;
  context: Record<string, unknown>;
  run: (query: SearchQuery) => Promise<SearchOutcome>;
}

/**
 * Shows a search page: the form with what was typed, and results once something is asked.
 * Bad input (or a postcode we cannot find) shows the form again with a 400 and the errors.
 */
export async function showSearchPage(db: Executor, reply: FastifyReply, rawQuery: unknown, options: SearchPageOptions): Promise<FastifyReply> {
  const needs = await listNeeds(db);
  const base = { ...options.context, needs, choices: SEARCH_CHOICES, columnClass: 'nhsuk-grid-column-full' };
  const parsed = parseSearchQuery(rawQuery);
  if (!parsed.ok) {
    return reply.view(options.template, { ...base, values: parsed.values, errors: parsed.errors }, 400);
  }
  const query = parsed.query;
  const values = { ...query, within: query.within ?? '' };
  if (isEmptySearch(query)) {
    return reply.view(options.template, { ...base, values });
  }
  let outcome: SearchOutcome;
  try {
    outcome = await options.run(query);
  } catch (error) {
    if (error instanceof ValidationError) {
      return reply.view(options.template, { ...base, values, errors: error.errors }, 400);
    }
    throw error;
  }
  const link = (page: number) => ({ href: `${options.action}?${searchQueryString(query, page)}#results`, labelText: `${page} of ${outcome.pages}` });
  const pageLinks = {
    previous: outcome.page > 1 ? link(Math.min(outcome.page - 1, outcome.pages)) : undefined,
    next: outcome.page < outcome.pages ? link(outcome.page + 1) : undefined,
  };
  return reply.view(options.template, { ...base, values, outcome, pageLinks });
}
