import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { DAYS } from '../search/directory-search.schemas.ts';
import { firstLocation } from './service-locations.repo.ts';
import {
  type CostKind,
  type MonthWeek,
  type ServiceDetails,
  type SessionTime,
  sortSessions,
} from './service-edit.schemas.ts';
import type { ServiceStatus } from '../shared/services.schemas.ts';

const DAY_CODES = '(MO|TU|WE|TH|FR|SA|SU)';
/**
 * The schedule rows the form edits: plain weekly sessions (every week) and monthly sessions on
 * one week of the month ("1MO", "-1FR"), with both times. Other patterns (fortnightly, days of
 * the month, notes only) are kept as they are, so an edit never flattens them.
 */
export const FORM_SCHEDULES = sql<boolean>`sch.opens_at is not null and sch.closes_at is not null and sch.bymonthday is null and coalesce(sch.interval, 1) = 1 and (
  (coalesce(sch.freq, 'WEEKLY') = 'WEEKLY' and upper(coalesce(sch.byday, '')) ~ ${`^${DAY_CODES}(,${DAY_CODES})*$`})
  or (sch.freq = 'MONTHLY' and upper(coalesce(sch.byday, '')) ~ ${`^(-1|[1-4])${DAY_CODES}(,(-1|[1-4])${DAY_CODES})*$`}))`;

/** The service's editable fields, or undefined when there is no such service. */
export async function loadServiceDetails(
  db: Executor,
  serviceId: string,
  needsTaxonomyId: string,
): Promise<ServiceDetails | undefined> {
  const service = await db
    .selectFrom('dir_services as s')
    .leftJoin('dir_organizations as o', 'o.id', 's.organization_id')
    .select([
      's.name',
      's.description',
      's.status',
      's.email',
      's.url',
      's.minimum_age',
      's.maximum_age',
      's.eligibility_description',
      'o.name as organisation',
    ])
    .where('s.id', '=', serviceId)
    .executeTakeFirst();
  if (!service) {
    return undefined;
  }
  const location = await firstLocation(db, serviceId);
  const [address, accessibility, phone, schedules, costs, languages, needs] = await Promise.all([
    location?.addressId
      ? db
          .selectFrom('dir_addresses')
          .select(['address_1', 'address_2', 'city', 'postal_code'])
          .where('id', '=', location.addressId)
          .executeTakeFirst()
      : undefined,
    location?.accessibilityId
      ? db
          .selectFrom('dir_accessibility')
          .select('description')
          .where('id', '=', location.accessibilityId)
          .executeTakeFirst()
      : undefined,
    db.selectFrom('dir_phones').select('number').where('service_id', '=', serviceId).orderBy('id').executeTakeFirst(),
    // Every schedule row carries its service's id, also those kept on a service-at-location.
    sql<{ byday: string | null; opensAt: string | null; closesAt: string | null }>`
      select sch.byday, to_char(sch.opens_at, 'HH24:MI') as "opensAt", to_char(sch.closes_at, 'HH24:MI') as "closesAt"
      from dir_schedules sch where sch.service_id = ${serviceId} and ${FORM_SCHEDULES}`.execute(db),
    db
      .selectFrom('dir_cost_options')
      .select(['amount', 'option', 'amount_description'])
      .where('service_id', '=', serviceId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('dir_languages')
      .select('name')
      .where('service_id', '=', serviceId)
      .where('name', 'is not', null)
      .orderBy('id')
      .execute(),
    sql<{ id: string }>`
      select a.taxonomy_term_id as id from dir_attributes a join dir_taxonomy_terms t on t.id = a.taxonomy_term_id
      where a.link_type = 'service' and a.link_id = ${serviceId} and t.taxonomy_id = ${needsTaxonomyId}`.execute(db),
  ]);
  const schedule: SessionTime[] = [];
  for (const row of schedules.rows) {
    for (const token of (row.byday ?? '').toUpperCase().split(',')) {
      const match = /^(-1|[1-4])?([A-Z]{2})$/.exec(token.trim());
      const day = DAYS.find((entry) => entry.code === match?.[2]);
      if (day && match && row.opensAt && row.closesAt) {
        const week = match[1] as MonthWeek | undefined;
        schedule.push(
          week
            ? { day: day.value, opensAt: row.opensAt, closesAt: row.closesAt, week }
            : { day: day.value, opensAt: row.opensAt, closesAt: row.closesAt },
        );
      }
    }
  }
  const paid = costs.find((cost) => cost.amount !== null && Number(cost.amount) > 0);
  const free = costs.some(
    (cost) =>
      (cost.amount !== null && Number(cost.amount) === 0) ||
      /\bfree\b/i.test(`${cost.option ?? ''} ${cost.amount_description ?? ''}`),
  );
  const cost: CostKind = paid ? 'paid' : free ? 'free' : 'unknown';
  return {
    name: service.name,
    description: service.description,
    status: service.status as ServiceStatus,
    organisation: service.organisation ?? '',
    email: service.email ?? '',
    phone: phone?.number ?? '',
    url: service.url ?? '',
    address1: address?.address_1 ?? '',
    address2: address?.address_2 ?? '',
    town: address?.city ?? '',
    postcode: address?.postal_code ?? '',
    schedule: sortSessions(schedule),
    cost,
    costAmount: paid ? Number(paid.amount).toFixed(2) : '',
    minimumAge: service.minimum_age,
    maximumAge: service.maximum_age,
    languages: languages.map((row) => row.name as string),
    accessibility: accessibility?.description ?? '',
    needs: needs.rows.map((row) => row.id).sort(),
    eligibility: service.eligibility_description ?? '',
  };
}

/**
 * Rebuilds a service's extra search words as service-content.rules.ts searchTextFor does: its
 * organisation, taxonomy terms, location names and towns, and languages (the trigger then
 * rebuilds search_vector).
 */
export async function refreshSearchText(db: Executor, serviceId: string): Promise<void> {
  await sql`
    update dir_services s set search_text = concat_ws(' ',
      (select o.name from dir_organizations o where o.id = s.organization_id),
      (select string_agg(t.name, ' ' order by t.name) from dir_attributes a join dir_taxonomy_terms t on t.id = a.taxonomy_term_id where a.link_type = 'service' and a.link_id = s.id),
      (select string_agg(distinct w, ' ') from dir_service_at_locations sl join dir_locations l on l.id = sl.location_id
        left join dir_addresses ad on ad.location_id = l.id, unnest(array[l.name, ad.city]) w where sl.service_id = s.id and w <> ''),
      (select string_agg(lg.name, ' ' order by lg.name) from dir_languages lg where lg.service_id = s.id))
    where s.id = ${serviceId}`.execute(db);
}
