import { type RawBuilder, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { CostLine, ScheduleLine } from '../shared/directory.presenter.ts';

/** Which services a search may return: the public's, or a member of staff's. */
export type SearchVisibility =
  /** Active, published services kept by these organisations (public directory pages). */
  | { kind: 'public'; ownerIds: readonly string[] }
  /** Active services that are published, or kept by an organisation in the caller's scope. */
  | { kind: 'staff'; scope: Scope };

/** A search, resolved to values the SQL needs (the service turns a SearchQuery into this). */
export interface SearchFilters {
  /** Each word of the search with its likely corrections: every group must match. */
  wordGroups?: string[][];
  /** The chosen need and every term beneath it. */
  termIds?: string[];
  /** iCalendar day code, such as TU. */
  dayCode?: string;
  /** A session must overlap [from, to), HH:MM. */
  window?: { from: string; to: string };
  free: boolean;
  age?: number;
  accessPattern?: string;
  language?: string;
  point?: { latitude: number; longitude: number; radiusMetres: number };
  limit: number;
  offset: number;
}

/** Little words that say nothing about a service; dropped unless the search has nothing else. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'in',
  'on',
  'at',
  'to',
  'with',
  'or',
  'near',
  'by',
  'from',
  'my',
  'me',
  'i',
  'is',
  'are',
  'some',
  'any',
]);

/** The words of a search that must each match (at most eight), lower case, stop words dropped. */
export function searchWords(text: string): string[] {
  const words = [
    ...new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word.length > 1 || /\d/.test(word)),
    ),
  ];
  const meaningful = words.filter((word) => !STOP_WORDS.has(word));
  return (meaningful.length > 0 ? meaningful : words).slice(0, 8);
}

/** How alike a known word must be to count as the word meant (pg_trgm similarity, 0 to 1). */
export const CORRECTION_THRESHOLD = 0.4;

/**
 * Each search word with what it may have meant: a word the directory uses is kept as it is; an
 * unknown word also brings its three closest known words ("walkng" brings "walking").
 */
export async function correctWords(db: Executor, words: readonly string[]): Promise<string[][]> {
  if (words.length === 0) {
    return [];
  }
  const result = await sql<{ word: string; alternatives: string[] | null }>`
    select q.word, case when exists (select 1 from dir_search_words e where e.word = q.word) or length(q.word) < 4 then null else (
      select array_agg(d.word order by d.score desc) from (
        select w.word, similarity(w.word, q.word) as score from dir_search_words w
        where w.word % q.word and similarity(w.word, q.word) >= ${CORRECTION_THRESHOLD}
        order by score desc, w.word limit 3) d
    ) end as alternatives
    from unnest(${[...words]}::text[]) with ordinality as q(word, position)
    order by q.position`.execute(db);
  return result.rows.map((row) => [row.word, ...(row.alternatives ?? [])]);
}

/** Counting stops here: "more than 1,000 results" is all a person needs to know. */
export const COUNT_CAP = 1000;

/** One match: its id, how well it matched and how far away it is. */
export interface SearchHit {
  id: string;
  metres: number | null;
}

function visibilityCondition(visibility: SearchVisibility): RawBuilder<boolean> {
  if (visibility.kind === 'public') {
    return sql<boolean>`s.status = 'active' and s.published and s.owner_organisation_id = any(${[...visibility.ownerIds]}::uuid[])`;
  }
  return sql<boolean>`s.status = 'active' and (s.published or s.owner_organisation_id = any(${[...visibility.scope.organisationIds]}::uuid[]))`;
}

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** "10:30" or "23:59:59" as seconds since midnight. */
function seconds(time: string): number {
  const [hours = 0, minutes = 0, secs = 0] = time.split(':').map(Number);
  return hours * 3600 + minutes * 60 + secs;
}

/**
 * The keys of dir_services.open_hours a matching session must have, so a GIN index finds the
 * candidates before the exact check: the hours of the week (day × 24 + hour, Monday 0) that
 * overlap the time window on the day (or on any day), or 1000 + day for a day at any time.
 */
export function wantedHours(dayCode: string | undefined, window: SearchFilters['window']): number[] {
  const dayIndex = dayCode ? DAY_CODES.indexOf(dayCode) : -1;
  if (!window && dayIndex >= 0) {
    return [1000 + dayIndex];
  }
  const first = window ? Math.floor(seconds(window.from) / 3600) : 0;
  const last = window ? Math.min(23, Math.max(first, Math.ceil(seconds(window.to) / 3600) - 1)) : 23;
  const days = dayCode ? [DAY_CODES.indexOf(dayCode)].filter((day) => day >= 0) : DAY_CODES.map((_code, day) => day);
  return days.flatMap((day) =>
    Array.from({ length: last - first + 1 }, (_unused, offset) => day * 24 + first + offset),
  );
}

/**
 * Sessions on the day and in the time window. `narrow`: also ask the GIN index of open hours
 * for candidates, worth it only when nothing else narrows (filters only); with words or a
 * place the few candidates are checked one probe each.
 */
function scheduleCondition(filters: SearchFilters, narrow: boolean): RawBuilder<boolean> | null {
  if (!filters.dayCode && !filters.window) {
    return null;
  }
  const parts: RawBuilder<unknown>[] = [sql`(sch.valid_to is null or sch.valid_to >= current_date)`];
  if (filters.dayCode) {
    parts.push(sql`upper(sch.byday) like ${`%${filters.dayCode}%`}`);
  }
  if (filters.window) {
    parts.push(sql`sch.opens_at < ${filters.window.to}::time and sch.closes_at > ${filters.window.from}::time`);
  }
  const where = sql.join(parts, sql` and `);
  // Every schedule row carries its service's id (a trigger fills it for those kept on a
  // service-at-location). The hours overlap narrows by the GIN index; the exists decides, one
  // index probe per candidate ("offset 0" keeps the planner from hashing every schedule that
  // matches, which cost a scan of them all to count the first thousand).
  const exact = sql<boolean>`exists (select 1 from dir_schedules sch where sch.service_id = s.id and ${where} offset 0)`;
  return narrow
    ? sql<boolean>`(s.open_hours && ${wantedHours(filters.dayCode, filters.window)}::int[] and ${exact})`
    : exact;
}

/**
 * The words as one tsquery: a word or any of its corrections (OR), every word (AND), English
 * stemming throughout ("walks" finds "walking"). Null when there are no words.
 */
function wordQuery(filters: SearchFilters): RawBuilder<unknown> | null {
  const groups = (filters.wordGroups ?? []).filter((group) => group.length > 0);
  if (groups.length === 0) {
    return null;
  }
  const group = (words: string[]) =>
    sql`(${sql.join(
      words.map((word) => sql`plainto_tsquery('english', ${word})`),
      sql` || `,
    )})`;
  return sql`(${sql.join(groups.map(group), sql` && `)})`;
}

function filterConditions(filters: SearchFilters): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  const tsquery = wordQuery(filters);
  const narrowed = tsquery !== null || filters.point !== undefined;
  if (tsquery) {
    conditions.push(sql<boolean>`s.search_vector @@ ${tsquery}`);
  } else if (filters.wordGroups) {
    conditions.push(sql<boolean>`false`);
  }
  if (filters.termIds && filters.termIds.length > 0) {
    conditions.push(
      sql<boolean>`exists (select 1 from dir_attributes a where a.link_id = s.id and a.link_type = 'service' and a.taxonomy_term_id = any(${filters.termIds}::uuid[]))`,
    );
  }
  const schedule = scheduleCondition(filters, !narrowed);
  if (schedule) {
    conditions.push(schedule);
  }
  if (filters.free) {
    conditions.push(sql<boolean>`(exists (select 1 from dir_cost_options c where c.service_id = s.id
        and (c.amount = 0 or (c.amount is null and (coalesce(c.option, '') || ' ' || coalesce(c.amount_description, '')) ~* '\\mfree\\M')))
      and not exists (select 1 from dir_cost_options c where c.service_id = s.id and c.amount > 0))`);
  }
  if (filters.age !== undefined) {
    conditions.push(
      sql<boolean>`(s.minimum_age is null or s.minimum_age <= ${filters.age}) and (s.maximum_age is null or s.maximum_age >= ${filters.age})`,
    );
  }
  if (filters.accessPattern) {
    conditions.push(sql<boolean>`exists (select 1 from dir_service_at_locations sl join dir_accessibility ac on ac.location_id = sl.location_id
      where sl.service_id = s.id and (coalesce(ac.description, '') || ' ' || coalesce(ac.details, '')) ~* ${filters.accessPattern})`);
  }
  if (filters.language) {
    conditions.push(
      sql<boolean>`exists (select 1 from dir_languages lg where lg.service_id = s.id and (lower(lg.name) = lower(${filters.language}) or lower(lg.code) = lower(${filters.language})))`,
    );
  }
  return conditions;
}

/**
 * Finds matching services, one page of them, with a capped total. Distance: earth_box around
 * the postcode's ll_to_earth point narrows by the GiST index on location_extent (alongside the
 * GIN index on search_vector), then earth_distance to each remaining service's places decides
 * and sorts.
 */
export async function findServices(
  db: Executor,
  visibility: SearchVisibility,
  filters: SearchFilters,
): Promise<{ hits: SearchHit[]; total: number }> {
  const conditions = [visibilityCondition(visibility), ...filterConditions(filters)];
  const point = filters.point;
  if (point) {
    // The box pre-filter uses the GiST index on each service's location_extent (kept by triggers).
    conditions.push(
      sql<boolean>`s.location_extent && earth_box(ll_to_earth(${point.latitude}, ${point.longitude}), ${point.radiusMetres})`,
      sql<boolean>`dist.metres <= ${point.radiusMetres}`,
    );
  }
  // The nearest of the service's places, worked out only for services that pass everything
  // else. Most services have one place, so their box is that point and the distance to it is
  // exact (earth_distance is sec_to_gc of cube_distance); only services at several places
  // look at each place (an index probe and a heap visit per place, most of a place search's time).
  const distance = point
    ? sql`cross join lateral (
        select case when cube_is_point(s.location_extent)
          then sec_to_gc(cube_distance(ll_to_earth(${point.latitude}, ${point.longitude}), s.location_extent))
          else (select min(earth_distance(ll_to_earth(${point.latitude}, ${point.longitude}), l.earth))
                from dir_service_at_locations sl join dir_locations l on l.id = sl.location_id
                where sl.service_id = s.id and l.earth is not null) end as metres) dist`
    : sql``;
  const tsquery = wordQuery(filters);
  const text = tsquery !== null;
  // Name words weigh most (A), then the description (B), then the extra words (C).
  const score = tsquery ? sql`ts_rank_cd(s.search_vector, ${tsquery}, 32)` : sql`0`;
  // With words and a place, relevance counts most and fades gently with distance (halved at 8 km).
  const order =
    text && point
      ? sql`m.score / (1 + m.metres / 8000) desc, m.metres, m.name`
      : text
        ? sql`m.score desc, m.name`
        : point
          ? sql`m.metres, m.name`
          : sql`m.name, m.id`;
  if (!tsquery && !point) {
    return browseServices(db, conditions, filters);
  }
  const result = await sql<{ id: string; metres: number | null; total: number }>`
    with matches as materialized (
      select s.id, s.name, ${score} as score, ${point ? sql`dist.metres` : sql`null::float8`} as metres
      from dir_services s ${distance}
      where ${sql.join(conditions, sql` and `)}
    )
    select m.id, m.metres, (select count(*) from (select 1 from matches limit ${COUNT_CAP + 1}) capped)::int as total
    from matches m
    order by ${order}
    limit ${filters.limit} offset ${filters.offset}`.execute(db);
  const total = result.rows[0]?.total ?? (filters.offset > 0 ? await countOnly(db, visibility, filters) : 0);
  return {
    hits: result.rows.map((row) => ({ id: row.id, metres: row.metres === null ? null : Number(row.metres) })),
    total: Number(total),
  };
}

/**
 * Filters only, in name order: the page comes from the name index and stops at the page's end,
 * and counting stops at the cap, so browsing a big directory does not sort all of it.
 */
async function browseServices(
  db: Executor,
  conditions: RawBuilder<boolean>[],
  filters: SearchFilters,
): Promise<{ hits: SearchHit[]; total: number }> {
  const where = sql.join(conditions, sql` and `);
  const [page, count] = await Promise.all([
    sql<{
      id: string;
    }>`select s.id from dir_services s where ${where} order by s.name, s.id limit ${filters.limit} offset ${filters.offset}`.execute(
      db,
    ),
    sql<{
      total: number;
    }>`select count(*)::int as total from (select 1 from dir_services s where ${where} limit ${COUNT_CAP + 1}) capped`.execute(
      db,
    ),
  ]);
  return { hits: page.rows.map((row) => ({ id: row.id, metres: null })), total: Number(count.rows[0]?.total ?? 0) };
}

/** The total when a page past the end was asked for (so the page can say how many there are). */
async function countOnly(db: Executor, visibility: SearchVisibility, filters: SearchFilters): Promise<number> {
  const result = await findServices(db, visibility, { ...filters, offset: 0, limit: 1 });
  return result.total;
}

/** What a result line shows, read for one page of ids. */
export interface ResultRow {
  id: string;
  name: string;
  description: string;
  ownerOrganisationId: string;
  organisationName: string | null;
  stale: boolean;
  lastVerifiedAt: Date | null;
  reviewDueAt: Date | null;
  fees: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  schedules: ScheduleLine[];
  costs: CostLine[];
  town: string | null;
  postcode: string | null;
  phone: string | null;
}

/** Display details for the given services (one query), in no particular order. */
export async function loadResultRows(db: Executor, ids: readonly string[]): Promise<ResultRow[]> {
  if (ids.length === 0) {
    return [];
  }
  const result = await sql<ResultRow>`
    select s.id, s.name, s.description, s.owner_organisation_id as "ownerOrganisationId", o.name as "organisationName",
      s.stale, s.last_verified_at as "lastVerifiedAt", s.review_due_at as "reviewDueAt", s.fees,
      s.minimum_age as "minimumAge", s.maximum_age as "maximumAge",
      coalesce((select json_agg(json_build_object('byday', sch.byday, 'opensAt', to_char(sch.opens_at, 'HH24:MI'), 'closesAt', to_char(sch.closes_at, 'HH24:MI'), 'freq', sch.freq, 'description', sch.description))
        from dir_schedules sch where sch.service_id = s.id and (sch.valid_to is null or sch.valid_to >= current_date)), '[]') as schedules,
      coalesce((select json_agg(json_build_object('amount', c.amount, 'option', c.option, 'amountDescription', c.amount_description))
        from dir_cost_options c where c.service_id = s.id), '[]') as costs,
      addr.city as town, addr.postal_code as postcode,
      (select p.number from dir_phones p where p.service_id = s.id order by p.id limit 1) as phone
    from dir_services s
    left join dir_organizations o on o.id = s.organization_id
    left join lateral (
      select a.city, a.postal_code from dir_service_at_locations sl join dir_addresses a on a.location_id = sl.location_id
      where sl.service_id = s.id order by sl.id, a.id limit 1
    ) addr on true
    where s.id = any(${[...ids]}::uuid[])`.execute(db);
  return result.rows;
}
