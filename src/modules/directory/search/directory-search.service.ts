import { type Scope, scopeFor } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ForbiddenError, ValidationError } from '../../../lib/errors.ts';
import {
  ACCESS_NEEDS,
  DAYS,
  METRES_PER_MILE,
  SEARCH_PAGE_SIZE,
  type SearchQuery,
  TIMES_OF_DAY,
} from './directory-search.schemas.ts';
import {
  COUNT_CAP,
  type SearchFilters,
  type SearchVisibility,
  correctWords,
  findServices,
  loadResultRows,
  searchWords,
} from './directory-search.repo.ts';
import { termAndDescendants } from '../shared/taxonomies.repo.ts';
import {
  type Freshness,
  describeAges,
  describeCost,
  describeDistance,
  describeSchedule,
  freshnessOf,
} from '../shared/directory.presenter.ts';
import { type PostcodePoint, locatePostcode } from '../postcodes/postcodes.service.ts';

/** One line of search results, ready for a page or the JSON API. */
export interface SearchResultItem {
  id: string;
  name: string;
  summary: string;
  organisationName: string | null;
  place: string;
  distance: string;
  distanceMetres: number | null;
  openTimes: string[];
  cost: string;
  ages: string;
  phone: string | null;
  freshness: Freshness;
}

/** A page of results. */
export interface SearchOutcome {
  results: SearchResultItem[];
  total: number;
  /** True when there are more than COUNT_CAP matches (the total is then COUNT_CAP). */
  capped: boolean;
  page: number;
  pages: number;
  /** Where distances are measured from, when a postcode was given. */
  place: PostcodePoint | null;
}

/** The miles searched around a postcode when none is chosen. */
export const DEFAULT_DISTANCE_MILES = 5;

function timeWindow(time: string | undefined): SearchFilters['window'] {
  if (!time) {
    return undefined;
  }
  if (Object.hasOwn(TIMES_OF_DAY, time)) {
    const part = TIMES_OF_DAY[time as keyof typeof TIMES_OF_DAY];
    return { from: part.from, to: part.to };
  }
  // A moment: open at that minute.
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const next = hours * 60 + minutes + 1;
  const to =
    next >= 24 * 60
      ? '23:59:59'
      : `${String(Math.floor(next / 60)).padStart(2, '0')}:${String(next % 60).padStart(2, '0')}`;
  return { from: time, to };
}

/** Turns a valid query into SQL filters, looking up the postcode and the need's terms. */
async function resolveFilters(
  db: Executor,
  query: SearchQuery,
): Promise<{ filters: SearchFilters; place: PostcodePoint | null }> {
  // Independent look-ups, side by side: the postcode, the need's terms, the words' corrections.
  const [place, termIds, wordGroups] = await Promise.all([
    query.near ? locatePostcode(db, query.near) : null,
    query.need ? termAndDescendants(db, query.need) : undefined,
    query.q ? correctWords(db, searchWords(query.q)) : undefined,
  ]);
  const errors: Record<string, string> = {};
  if (query.near && !place) {
    errors.near = `We could not find ${query.near}. Check the postcode, or enter the first half, like LS28`;
  }
  if (termIds && termIds.length === 0) {
    errors.need = 'Select a need from the list';
  }
  if (Object.keys(errors).length > 0) {
    throw new ValidationError(errors);
  }
  const filters: SearchFilters = {
    wordGroups,
    termIds,
    dayCode: DAYS.find((day) => day.value === query.day)?.code,
    window: timeWindow(query.time),
    free: query.free,
    age: query.age,
    accessPattern: query.access ? ACCESS_NEEDS[query.access].pattern : undefined,
    language: query.language,
    point: place
      ? {
          latitude: place.latitude,
          longitude: place.longitude,
          radiusMetres: (query.within ?? DEFAULT_DISTANCE_MILES) * METRES_PER_MILE,
        }
      : undefined,
    limit: SEARCH_PAGE_SIZE,
    offset: (query.page - 1) * SEARCH_PAGE_SIZE,
  };
  return { filters, place };
}

/**
 * Searches the directory. Throws ValidationError (shown beside the field) for a postcode or
 * need that does not exist.
 */
export async function runSearch(
  db: Executor,
  visibility: SearchVisibility,
  query: SearchQuery,
  now: Date = new Date(),
): Promise<SearchOutcome> {
  const { filters, place } = await resolveFilters(db, query);
  const { hits, total } = await findServices(db, visibility, filters);
  const rows = new Map(
    (
      await loadResultRows(
        db,
        hits.map((hit) => hit.id),
      )
    ).map((row) => [row.id, row]),
  );
  const results: SearchResultItem[] = [];
  for (const hit of hits) {
    const row = rows.get(hit.id);
    if (!row) {
      continue;
    }
    results.push({
      id: row.id,
      name: row.name,
      summary: row.description.length > 180 ? `${row.description.slice(0, 177).trimEnd()}…` : row.description,
      organisationName: row.organisationName,
      place: [row.town, row.postcode].filter(Boolean).join(', '),
      distance: describeDistance(hit.metres),
      distanceMetres: hit.metres,
      openTimes: describeSchedule(row.schedules),
      cost: describeCost(row.costs, row.fees),
      ages: describeAges(row.minimumAge, row.maximumAge),
      phone: row.phone,
      freshness: freshnessOf(
        { lastVerifiedAt: row.lastVerifiedAt, stale: row.stale, reviewDueAt: row.reviewDueAt },
        now,
      ),
    });
  }
  const capped = total > COUNT_CAP;
  const shownTotal = Math.min(total, COUNT_CAP);
  return {
    results,
    total: shownTotal,
    capped,
    page: query.page,
    pages: Math.max(1, Math.ceil(shownTotal / SEARCH_PAGE_SIZE)),
    place,
  };
}

/** The staff search: every active published service, plus the caller's own unpublished ones. */
export async function searchForStaff(ctx: ServiceContext, query: SearchQuery): Promise<SearchOutcome> {
  const scope = await staffSearchScope(ctx);
  return runSearch(ctx.db, { kind: 'staff', scope }, query, ctx.clock.now());
}

/** Organisations where the person may search the directory; Forbidden when there are none. */
export async function staffSearchScope(ctx: ServiceContext): Promise<Scope> {
  const scope = await scopeFor(ctx.db, actorOf(ctx), 'directory:search');
  if (scope.organisationIds.length === 0) {
    throw new ForbiddenError();
  }
  return scope;
}
