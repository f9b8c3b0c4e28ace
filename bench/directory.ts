/**
 * The directory benchmark's data and in-process measurements: 100,000 services generated with
 * generate_series in the bench's own scratch database (seconds, not minutes), the searches a
 * receptionist makes (words with a typo, a postcode, a day, free), and the SQL-only timing of
 * those searches through the app's own search function. bench/run.ts measures the HTTP routes.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/platform/db/schema.ts';
import { parseSearchQuery } from '../src/modules/directory/search/directory-search.schemas.ts';
import { runSearch } from '../src/modules/directory/search/directory-search.service.ts';
import { NEEDS_TAXONOMY } from '../src/modules/directory/shared/taxonomies.rules.ts';

/** Words a generated service is made of: "Farsley walking group", "Idle debt advice drop-in". */
const ACTIVITIES = [
  'walking',
  'singing',
  'gardening',
  'knit and natter',
  'chair yoga',
  'tai chi',
  'coffee morning',
  'lunch club',
  "men's shed",
  'book club',
  'art',
  'craft',
  'dance',
  'swimming',
  'cycling',
  'walking football',
  'bowls',
  'bingo',
  'computer help',
  'debt advice',
  'benefits advice',
  'carers support',
  'bereavement support',
  'parent and baby',
  'toddler',
  'youth',
  'dementia café',
  'memory',
  'running',
  'choir',
  'drama',
  'cooking',
  'food bank',
  'allotment',
  'befriending',
  'wellbeing café',
  'mindfulness',
  'pilates',
  'stop smoking',
  'weight management',
];
const NOUNS = ['group', 'club', 'session', 'café', 'circle', 'drop-in', 'class', 'network', 'meet-up', 'service'];
const PLACES = [
  'Pudsey',
  'Farsley',
  'Calverley',
  'Bramley',
  'Stanningley',
  'Idle',
  'Greengates',
  'Eccleshill',
  'Apperley Bridge',
  'Horsforth',
  'Armley',
  'Rodley',
  'Thornbury',
  'Shipley',
  'Leeds',
  'Bradford',
  'York',
  'Sheffield',
  'Manchester',
  'Liverpool',
  'Newcastle',
  'Hull',
  'Nottingham',
  'Leicester',
  'Birmingham',
  'Bristol',
  'Norwich',
  'Plymouth',
  'London',
  'Brighton',
];
const AUDIENCES = [
  'everyone',
  'older people',
  'carers',
  'new parents',
  'young people',
  'people living with dementia',
  'men',
  'women',
  'families',
  'people with long-term conditions',
];
const LANGUAGES = ['Urdu', 'Polish', 'Punjabi', 'Bengali', 'Arabic', 'Romanian'];

/**
 * The searches measured, as their query strings: words (some misspelt), a place, and always at
 * least one filter (day, time, age, cost, access or language), as a receptionist asks.
 */
export const DIRECTORY_SEARCHES = [
  'q=walkng&near=LS28&within=5&day=tuesday',
  'q=singing&near=BD10&within=10&time=morning',
  'q=debt+advice&near=LS28+7AA&within=5&age=70',
  'q=coffee+morning&near=LS13&within=5&free=yes',
  'q=carers+suport&near=BD2&within=5&time=afternoon',
  'q=chair+yoga&near=LS28&within=10&access=step-free',
  'q=dementia&near=LS1&within=5&day=friday',
  'q=lunch+club&near=BD10&within=10&language=Urdu',
];

/** Searches with only filters, or only a place: the slower shapes, reported separately. */
export const BROWSE_SEARCHES = ['near=LS28&within=5', 'free=yes', 'day=tuesday&time=morning', 'language=Urdu'];

const sqlArray = (values: readonly string[]) =>
  `array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]`;

/**
 * Generates `count` services with their provider, location, address, accessibility, schedule,
 * cost, need, language and search words, kept by the demo practices and networks. Returns seconds taken.
 */
export async function seedDirectoryBench(client: pg.Client, count: number): Promise<number> {
  const started = Date.now();
  const terms = (
    await client.query<{ id: string; name: string }>(
      'select id, name from dir_taxonomy_terms where taxonomy_id = $1 order by code',
      [NEEDS_TAXONOMY.id],
    )
  ).rows;
  const owners = (
    await client.query<{ id: string }>("select id from organisations where kind in ('practice', 'network') order by id")
  ).rows.map((row) => row.id);
  if (terms.length === 0 || owners.length === 0) {
    throw new Error('The bench database has no need terms or practices: start the app with demo data first');
  }
  await client.query('begin');
  await client.query(`
    create temporary table bench_rows on commit drop as
    select n, gen_random_uuid() as sid, gen_random_uuid() as lid, gen_random_uuid() as oid,
      (${sqlArray(owners)})[1 + n % ${owners.length}]::uuid as owner,
      (${sqlArray(PLACES)})[1 + floor(random() * ${PLACES.length})::int] as place,
      (${sqlArray(ACTIVITIES)})[1 + floor(random() * ${ACTIVITIES.length})::int] as activity,
      (${sqlArray(NOUNS)})[1 + floor(random() * ${NOUNS.length})::int] as noun,
      (${sqlArray(AUDIENCES)})[1 + floor(random() * ${AUDIENCES.length})::int] as audience,
      (${sqlArray(terms.map((term) => term.id))})[1 + floor(random() * ${terms.length})::int]::uuid as term,
      -- About as dense as people live: 5% within 20 km of Pudsey (Leeds and Bradford, where the
      -- demo practices are), the rest spread across England.
      random() < 0.05 as local,
      (array['MO','TU','WE','TH','FR','SA','SU'])[1 + floor(random() * 7)::int] as day1,
      make_time(9 + floor(random() * 10)::int, (floor(random() * 2) * 30)::int, 0) as opens1,
      (1 + floor(random() * 3))::int as hours1,
      random() < 0.3 as second_session,
      random() as cost_roll, random() as language_roll, random() as access_roll, random() as age_roll,
      (random() * 200)::int as verified_days_ago,
      random() < 0.03 as inactive, random() < 0.02 as draft
    from generate_series(1, ${count}) as n`);
  await client.query(`
    alter table bench_rows add column lat double precision, add column lng double precision;
    update bench_rows set lat = case when local then 53.80 + (random() - 0.5) * 0.36 else 50.6 + random() * 4.3 end,
      lng = case when local then -1.66 + (random() - 0.5) * 0.6 else -3.4 + random() * 5.0 end`);
  // The words, location-box and open-hours triggers would run per row; each is filled in one statement at the end instead.
  await client.query('alter table dir_services disable trigger dir_services_words');
  await client.query('alter table dir_service_at_locations disable trigger dir_service_at_locations_extent');
  await client.query('alter table dir_schedules disable trigger dir_schedules_open_hours');
  await client.query(`
    insert into dir_organizations (id, owner_organisation_id, name, description)
    select oid, owner, initcap(place || ' ' || activity || ' ' || noun) || ' (bench)', 'Generated for the benchmark' from bench_rows`);
  await client.query(`
    insert into dir_services (id, owner_organisation_id, organization_id, name, description, status, published, minimum_age, maximum_age,
      last_verified_at, verification_method, review_due_at, stale, search_text)
    select sid, owner, oid, initcap(place) || ' ' || activity || ' ' || noun,
      'A friendly ' || activity || ' ' || noun || ' for ' || audience || ' in ' || place || '. Come along, meet people and try something new.',
      case when inactive then 'inactive' else 'active' end, not draft,
      case when age_roll < 0.2 then 18 when age_roll < 0.3 then 11 when age_roll < 0.4 then 60 end,
      case when age_roll between 0.2 and 0.3 then 18 end,
      now() - make_interval(days => verified_days_ago), 'phone',
      now() - make_interval(days => verified_days_ago) + interval '3 months', verified_days_ago > 92,
      concat_ws(' ', initcap(place || ' ' || activity || ' ' || noun) || ' (bench)', (select name from dir_taxonomy_terms where id = term), place,
        case when language_roll < 0.15 then (${sqlArray(LANGUAGES)})[1 + floor(language_roll * 40)::int % ${LANGUAGES.length}] end)
    from bench_rows`);
  await client.query(`
    insert into dir_locations (id, owner_organisation_id, location_type, latitude, longitude) select lid, owner, 'physical', lat, lng from bench_rows;
    insert into dir_addresses (id, location_id, address_1, city, postal_code) select gen_random_uuid(), lid, n || ' High Street', place, 'LS28 7AA' from bench_rows;
    insert into dir_service_at_locations (id, service_id, location_id) select gen_random_uuid(), sid, lid from bench_rows;
    insert into dir_accessibility (id, location_id, description) select gen_random_uuid(), lid, 'Step-free access and an accessible toilet' from bench_rows where access_roll < 0.3;
    insert into dir_schedules (id, service_id, freq, interval, byday, opens_at, closes_at) select gen_random_uuid(), sid, 'WEEKLY', 1, day1, opens1, opens1 + make_interval(hours => hours1) from bench_rows;
    insert into dir_schedules (id, service_id, freq, interval, byday, opens_at, closes_at)
      select gen_random_uuid(), sid, 'WEEKLY', 1, (array['MO','TU','WE','TH','FR','SA','SU'])[1 + (n % 7)], opens1, opens1 + interval '1 hour' from bench_rows where second_session;
    insert into dir_cost_options (id, service_id, option, amount)
      select gen_random_uuid(), sid, case when cost_roll < 0.5 then 'Free' else 'Per session' end, case when cost_roll < 0.5 then 0 else round((1 + cost_roll * 8)::numeric, 2) end
      from bench_rows where cost_roll < 0.9;
    insert into dir_attributes (id, link_type, link_id, taxonomy_term_id) select gen_random_uuid(), 'service', sid, term from bench_rows;
    insert into dir_languages (id, service_id, name) select gen_random_uuid(), sid, 'English' from bench_rows where language_roll < 0.5;
    insert into dir_languages (id, service_id, name) select gen_random_uuid(), sid, (${sqlArray(LANGUAGES)})[1 + floor(language_roll * 40)::int % ${LANGUAGES.length}] from bench_rows where language_roll < 0.15`);
  await client.query(`
    insert into dir_search_words (word)
    select distinct w from bench_rows, regexp_split_to_table(lower(place || ' ' || activity || ' ' || noun || ' ' || audience), '[[:space:][:punct:]]+') as w
    where length(w) between 3 and 40 on conflict do nothing`);
  await client.query(`
    update dir_services s set location_extent = cube(array[cube_ll_coord(l.earth, 1), cube_ll_coord(l.earth, 2), cube_ll_coord(l.earth, 3)], array[cube_ur_coord(l.earth, 1), cube_ur_coord(l.earth, 2), cube_ur_coord(l.earth, 3)])
    from bench_rows b join dir_locations l on l.id = b.lid where s.id = b.sid`);
  await client.query(`
    update dir_services s set open_hours = x.hours
    from (select sch.service_id, array_agg(distinct h order by h) as hours
          from bench_rows b join dir_schedules sch on sch.service_id = b.sid, unnest(dir_schedule_hours(sch.byday, sch.opens_at, sch.closes_at)) as h
          group by sch.service_id) x
    where s.id = x.service_id`);
  await client.query('alter table dir_services enable trigger dir_services_words');
  await client.query('alter table dir_service_at_locations enable trigger dir_service_at_locations_extent');
  await client.query('alter table dir_schedules enable trigger dir_schedules_open_hours');
  await client.query('commit');
  // As autovacuum would soon after a bulk load: statistics, and the visibility map that index-only scans need.
  await client.query('vacuum analyze');
  return Math.round((Date.now() - started) / 100) / 10;
}

/** Latency figures for one measured thing. */
export interface Latency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: number[], q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 100) / 100;
}

/**
 * Times the app's search function (SQL and result assembly, no HTTP) over the searches, one at a
 * time, after a warm-up, as the public directory of every practice sees it.
 */
export async function measureSearchInProcess(
  databaseUrl: string,
  rounds: number,
  searches: readonly string[] = DIRECTORY_SEARCHES,
): Promise<Latency & { meanResults: number }> {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }),
  });
  try {
    const owners = (await db.selectFrom('organisations').select('id').execute()).map((row) => row.id);
    const queries = searches.map((search) => {
      const parsed = parseSearchQuery(Object.fromEntries(new URLSearchParams(search)));
      if (!parsed.ok) {
        throw new Error(`Bad bench search ${search}`);
      }
      return parsed.query;
    });
    for (const query of queries) {
      await runSearch(db, { kind: 'public', ownerIds: owners }, query);
    }
    const times: number[] = [];
    let results = 0;
    for (let round = 0; round < rounds; round += 1) {
      for (const query of queries) {
        const started = performance.now();
        const outcome = await runSearch(db, { kind: 'public', ownerIds: owners }, query);
        times.push(performance.now() - started);
        results += outcome.total;
      }
    }
    times.sort((a, b) => a - b);
    return {
      count: times.length,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      meanResults: Math.round(results / times.length),
    };
  } finally {
    await db.destroy();
  }
}

/** One query shape timed before and after this round's change, interleaved in the same run. */
export interface ShapeComparison {
  name: string;
  before: Latency;
  after: Latency;
}

/**
 * Times the query shapes this round replaced against their replacements on the bench data,
 * alternating one of each so both see the same load: the ORUK page total (count against the
 * kept count), a filters-only day and time search (page and capped count), and the distances
 * of a place search. The old shapes are kept here only to show what the change did.
 */
export async function compareQueryShapes(databaseUrl: string, runs = 30): Promise<ShapeComparison[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const owners =
      (await client.query<{ ids: string[] }>('select array_agg(id) as ids from organisations')).rows[0]?.ids ?? [];
    const visible = `s.status = 'active' and s.published and s.owner_organisation_id = any($1::uuid[])`;
    const session = `(sch.valid_to is null or sch.valid_to >= current_date) and upper(sch.byday) like '%TU%' and sch.opens_at < '12:00'::time and sch.closes_at > '06:00'::time`;
    const browse = (condition: string) => [
      `select s.id from dir_services s where ${visible} and ${condition} order by s.name, s.id limit 20`,
      `select count(*) from (select 1 from dir_services s where ${visible} and ${condition} limit 1001) capped`,
    ];
    const [latitude, longitude, radius] = [53.806574, -1.671105, 8046.72];
    const place = (distance: string) => [
      `with matches as materialized (select s.id, s.name, dist.metres from dir_services s cross join lateral (${distance}) dist
         where ${visible} and s.location_extent && earth_box(ll_to_earth(${latitude}, ${longitude}), ${radius}) and dist.metres <= ${radius})
       select m.id, (select count(*) from (select 1 from matches limit 1001) capped) from matches m order by m.metres, m.name limit 20`,
    ];
    const eachPlace = `select min(earth_distance(ll_to_earth(${latitude}, ${longitude}), l.earth)) as metres from dir_service_at_locations sl join dir_locations l on l.id = sl.location_id where sl.service_id = s.id and l.earth is not null`;
    const shapes: [string, string[], string[]][] = [
      [
        'ORUK page total: count(*) of public services → the kept count',
        [`select count(*) from dir_services s where s.status = 'active' and s.published`],
        ['select total from dir_public_service_count'],
      ],
      [
        '`day=tuesday&time=morning`, page and count: two exists (one through service-at-locations) → open hours index and a probe',
        browse(
          `(exists (select 1 from dir_schedules sch where sch.service_id = s.id and ${session}) or exists (select 1 from dir_service_at_locations sl join dir_schedules sch on sch.service_at_location_id = sl.id where sl.service_id = s.id and ${session}))`,
        ),
        browse(
          `(s.open_hours && '{30,31,32,33,34,35}'::int[] and exists (select 1 from dir_schedules sch where sch.service_id = s.id and ${session} offset 0))`,
        ),
      ],
      [
        '`near=LS28&within=5`, page and count: distance through each location → through the box when it is a point',
        place(eachPlace),
        place(
          `select case when cube_is_point(s.location_extent) then sec_to_gc(cube_distance(ll_to_earth(${latitude}, ${longitude}), s.location_extent)) else (${eachPlace}) end as metres`,
        ),
      ],
    ];
    const time = async (queries: string[]) => {
      const started = performance.now();
      for (const text of queries) {
        await client.query(text, text.includes('$1') ? [owners] : []);
      }
      return performance.now() - started;
    };
    const figures = (times: number[]): Latency => {
      const sorted = [...times].sort((a, b) => a - b);
      return {
        count: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
      };
    };
    const results: ShapeComparison[] = [];
    for (const [name, before, after] of shapes) {
      const [old, now]: [number[], number[]] = [[], []];
      for (let run = 0; run < runs + 3; run += 1) {
        const [a, b] = [await time(before), await time(after)];
        if (run >= 3) {
          old.push(a);
          now.push(b);
        }
      }
      results.push({ name, before: figures(old), after: figures(now) });
    }
    return results;
  } finally {
    await client.end();
  }
}

/**
 * The end of docs/benchmarks.md: what each route does and what makes the directory's queries
 * fast. Only text that is true of every run belongs here; the figures of a run (load average,
 * which concurrencies met the target, the shape comparisons) are written by bench/run.ts from
 * that run's own measurements.
 */
export const REPORT_NOTES: readonly string[] = [
  '## What each route measures',
  '',
  "- `ceiling: GET /readyz`: one `SELECT 1` through the app's pool, nothing else: the most this machine answers in the same conditions.",
  "- `GET /api/me`: the session and the person's memberships. `GET /api/organisations/:id`: an authorised read of one organisation; `GET /organisations/:id` renders the same as an NHS.UK page. `…/audit-events`: a search of the audit log, which is itself audited.",
  "- `directory: GET /api/directory/search, words with typos + postcode + filter`: each connection cycles through the word searches above, every one with words (some misspelt), a postcode or district and at least one filter. `filters or postcode only`: searches without words, whose candidates come from the filter and place indexes. `GET /practices/:ods/directory`: the word searches on a practice's public directory page, rendered.",
  '- `ORUK: GET /oruk/services`: pages spread through the whole feed, each service with its provider.',
  "- `activities:` the public \"what's on\" page, a network's iCalendar feed and a practice's activity totals, on the demo data.",
  '',
  '## How the search and the feed stay fast',
  '',
  'Chosen from EXPLAIN (ANALYZE, BUFFERS) on this data; the migrations say why each index is there.',
  '',
  '- Words: every word must match `search_vector` (GIN, English stemming). A word the directory never uses is corrected first to its closest known words by pg_trgm similarity on the small `dir_search_words` table, so "walkng" searches for "walking" without a trigram check on every candidate row (202611231200).',
  '- Place: each service keeps a box around its located places (`location_extent`, kept by triggers) with a GiST index, so `earth_box` around the postcode and the words meet in one BitmapAnd on `dir_services` (202611231200). A service at one place has a point for a box, and the distance to it is `sec_to_gc(cube_distance(…))`, exactly `earth_distance`, without visiting its locations; only services at several places look at each (directory-search.repo.ts).',
  "- Language: name and code are both indexed, so a language's few rows are read as one bitmap and joined (202611281071).",
  "- Day and time: each service keeps the hours of the week it may be open (`open_hours`, day × 24 + hour, plus 1000 + day, kept by a trigger on `dir_schedules`) with a GIN index (202611281071). A search with filters only takes its candidates from that index, then checks each candidate's schedules exactly with one index probe (`offset 0` stops the planner hashing every matching schedule of the directory). With words or a place the few candidates are checked directly.",
  '- Filters only: the page is read in name order from a partial index and counting stops at 1,001.',
  '- ORUK pages: the ids of a page come from an index-only scan of a covering partial index (202611231400); the number of public services is kept by statement triggers in `dir_public_service_count` (202611281072) rather than counted on every page.',
  '',
  '## What the replaced query shapes did',
  '',
  'The comparison table above times, in each run, the shapes these changes replaced against their replacements. Why the old shapes were slow:',
  '',
  '- "Tuesday morning" with filters only read every schedule twice, once through `dir_service_at_locations` (hashing all of them), to count the first thousand matches. Now the open-hours index gives the candidates and each is checked with one index probe. Every schedule row now names its service (a trigger fills it for rows kept on a service-at-location), which also stopped such sessions being listed twice in results and on the edit form.',
  '- A place search worked out `earth_distance` through two index probes and a heap visit per candidate service. Now a service at one place needs none.',
  '- Every ORUK page counted the public services. Now it reads one row kept by triggers.',
  "- `language=Urdu` probed the languages of every service in turn until a thousand matched: the name was indexed, the code was not, so `lower(name) = … or lower(code) = …` could not be read from indexes. With `lower(code)` indexed too (202611281071) the planner reads the language's rows as one bitmap and joins them. This change is not in the comparison table, so no figure is given for it here.",
  '',
];
