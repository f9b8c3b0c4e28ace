import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { DAYS } from '../search/directory-search.schemas.ts';
import type { Changes } from './service-changes.rules.ts';
import { ensureOwnLocation, firstLocation } from './service-locations.repo.ts';
import {
  type CostKind,
  type MonthWeek,
  type ServiceDetails,
  type SessionTime,
  sortSessions,
} from './service-edit.schemas.ts';
import type { ServiceStatus } from '../shared/services.schemas.ts';

/** Codes (BCP 47) for languages people commonly name; others are kept by name only. */
const LANGUAGE_CODES: Record<string, string> = {
  english: 'en',
  welsh: 'cy',
  urdu: 'ur',
  punjabi: 'pa',
  polish: 'pl',
  bengali: 'bn',
  gujarati: 'gu',
  arabic: 'ar',
  romanian: 'ro',
  somali: 'so',
  hindi: 'hi',
  french: 'fr',
  portuguese: 'pt',
  spanish: 'es',
  kurdish: 'ku',
  tigrinya: 'ti',
  farsi: 'fa',
  persian: 'fa',
  pashto: 'ps',
  chinese: 'zh',
  mandarin: 'zh',
  cantonese: 'yue',
  lithuanian: 'lt',
  italian: 'it',
  turkish: 'tr',
  'british sign language': 'bfi',
  bsl: 'bfi',
  ukrainian: 'uk',
  russian: 'ru',
};

const DAY_CODES = '(MO|TU|WE|TH|FR|SA|SU)';
/**
 * The schedule rows the form edits: plain weekly sessions (every week) and monthly sessions on
 * one week of the month ("1MO", "-1FR"), with both times. Other patterns (fortnightly, days of
 * the month, notes only) are kept as they are, so an edit never flattens them.
 */
const FORM_SCHEDULES = sql<boolean>`sch.opens_at is not null and sch.closes_at is not null and sch.bymonthday is null and coalesce(sch.interval, 1) = 1 and (
  (coalesce(sch.freq, 'WEEKLY') = 'WEEKLY' and upper(coalesce(sch.byday, '')) ~ ${`^${DAY_CODES}(,${DAY_CODES})*$`})
  or (sch.freq = 'MONTHLY' and upper(coalesce(sch.byday, '')) ~ ${`^(-1|[1-4])${DAY_CODES}(,(-1|[1-4])${DAY_CODES})*$`}))`;

/** Where a service's first location is, who keeps it, for saving its address and map point. */
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

/** A new, empty service row kept by `ownerOrganisationId` (its fields are then saved as changes). */
export async function insertServiceRow(
  db: Executor,
  scope: Scope,
  ownerOrganisationId: string,
  name: string,
): Promise<string> {
  requireInScope(scope, ownerOrganisationId);
  const id = newId();
  await db.insertInto('dir_services').values({ id, owner_organisation_id: ownerOrganisationId, name }).execute();
  return id;
}

async function saveOrganisation(
  db: Executor,
  serviceId: string,
  ownerOrganisationId: string,
  name: string,
): Promise<void> {
  let organizationId: string | null = null;
  if (name !== '') {
    const existing = await db
      .selectFrom('dir_organizations')
      .select('id')
      .where('owner_organisation_id', '=', ownerOrganisationId)
      .where(sql<string>`lower(name)`, '=', name.toLowerCase())
      .orderBy('created_at')
      .executeTakeFirst();
    organizationId = existing?.id ?? newId();
    if (!existing) {
      await db
        .insertInto('dir_organizations')
        .values({ id: organizationId, owner_organisation_id: ownerOrganisationId, name })
        .execute();
    }
  }
  await db.updateTable('dir_services').set({ organization_id: organizationId }).where('id', '=', serviceId).execute();
}

async function saveAddress(
  db: Executor,
  serviceId: string,
  ownerOrganisationId: string,
  details: ServiceDetails,
  point: { latitude: number; longitude: number } | null,
): Promise<void> {
  const location = await ensureOwnLocation(db, serviceId, ownerOrganisationId);
  if (!details.address1 && !details.postcode) {
    if (location.addressId) {
      await db.deleteFrom('dir_addresses').where('id', '=', location.addressId).execute();
    }
    await db
      .updateTable('dir_locations')
      .set({ latitude: null, longitude: null, updated_at: new Date() })
      .where('id', '=', location.locationId)
      .execute();
    return;
  }
  const address = {
    address_1: details.address1,
    address_2: details.address2 || null,
    city: details.town,
    postal_code: details.postcode,
  };
  if (location.addressId) {
    await db.updateTable('dir_addresses').set(address).where('id', '=', location.addressId).execute();
  } else {
    await db
      .insertInto('dir_addresses')
      .values({ id: newId(), location_id: location.locationId, ...address })
      .execute();
  }
  await db
    .updateTable('dir_locations')
    .set({ latitude: point?.latitude ?? null, longitude: point?.longitude ?? null, updated_at: new Date() })
    .where('id', '=', location.locationId)
    .execute();
}

async function saveAccessibility(
  db: Executor,
  serviceId: string,
  ownerOrganisationId: string,
  description: string,
): Promise<void> {
  const location = await ensureOwnLocation(db, serviceId, ownerOrganisationId);
  if (location.accessibilityId) {
    await db
      .updateTable('dir_accessibility')
      .set({ description: description || null })
      .where('id', '=', location.accessibilityId)
      .execute();
  } else if (description) {
    await db
      .insertInto('dir_accessibility')
      .values({ id: newId(), location_id: location.locationId, description })
      .execute();
  }
}

async function saveSchedule(db: Executor, serviceId: string, sessions: readonly SessionTime[]): Promise<void> {
  // Only the sessions the form shows are replaced; other patterns and notes-only rows are kept.
  await sql`delete from dir_schedules sch where sch.service_id = ${serviceId} and ${FORM_SCHEDULES}`.execute(db);
  if (sessions.length > 0) {
    await db
      .insertInto('dir_schedules')
      .values(
        sessions.map((session) => {
          const code = DAYS.find((day) => day.value === session.day)?.code ?? null;
          return {
            id: newId(),
            service_id: serviceId,
            freq: session.week ? 'MONTHLY' : 'WEEKLY',
            interval: 1,
            byday: session.week && code ? `${session.week}${code}` : code,
            opens_at: session.opensAt,
            closes_at: session.closesAt,
          };
        }),
      )
      .execute();
  }
}

async function saveCost(db: Executor, serviceId: string, details: ServiceDetails): Promise<void> {
  await db.deleteFrom('dir_cost_options').where('service_id', '=', serviceId).execute();
  if (details.cost === 'free') {
    await db
      .insertInto('dir_cost_options')
      .values({ id: newId(), service_id: serviceId, option: 'Free', amount: '0' })
      .execute();
  } else if (details.cost === 'paid') {
    await db
      .insertInto('dir_cost_options')
      .values({ id: newId(), service_id: serviceId, option: 'Per session', amount: details.costAmount })
      .execute();
  }
}

async function saveLanguages(db: Executor, serviceId: string, languages: readonly string[]): Promise<void> {
  await db.deleteFrom('dir_languages').where('service_id', '=', serviceId).execute();
  if (languages.length > 0) {
    await db
      .insertInto('dir_languages')
      .values(
        languages.map((name) => ({
          id: newId(),
          service_id: serviceId,
          name,
          code: LANGUAGE_CODES[name.toLowerCase()] ?? null,
        })),
      )
      .execute();
  }
}

async function saveNeeds(
  db: Executor,
  serviceId: string,
  needs: readonly string[],
  needsTaxonomyId: string,
): Promise<void> {
  await sql`
    delete from dir_attributes a using dir_taxonomy_terms t
    where a.link_type = 'service' and a.link_id = ${serviceId} and t.id = a.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomyId}`.execute(
    db,
  );
  if (needs.length > 0) {
    await db
      .insertInto('dir_attributes')
      .values(
        needs.map((termId) => ({ id: newId(), link_type: 'service', link_id: serviceId, taxonomy_term_id: termId })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

/**
 * Writes the changed fields of a service (the rest is left alone), then refreshes the words it
 * is found by. `point` is the postcode's position when the address changed.
 */
export async function saveServiceChanges(
  db: Executor,
  scope: Scope,
  service: { id: string; ownerOrganisationId: string },
  details: ServiceDetails,
  changes: Changes,
  options: { needsTaxonomyId: string; point: { latitude: number; longitude: number } | null },
): Promise<void> {
  requireInScope(scope, service.ownerOrganisationId);
  const changed = (field: keyof ServiceDetails) => field in changes;
  await db
    .updateTable('dir_services')
    .set({
      name: details.name,
      description: details.description,
      status: details.status,
      email: details.email || null,
      url: details.url || null,
      minimum_age: details.minimumAge,
      maximum_age: details.maximumAge,
      eligibility_description: details.eligibility || null,
      last_modified: new Date(),
    })
    .where('id', '=', service.id)
    .execute();
  if (changed('organisation')) {
    await saveOrganisation(db, service.id, service.ownerOrganisationId, details.organisation);
  }
  if (changed('phone')) {
    await db.deleteFrom('dir_phones').where('service_id', '=', service.id).execute();
    if (details.phone) {
      await db
        .insertInto('dir_phones')
        .values({ id: newId(), service_id: service.id, number: details.phone })
        .execute();
    }
  }
  if (['address1', 'address2', 'town', 'postcode'].some((field) => changed(field as keyof ServiceDetails))) {
    await saveAddress(db, service.id, service.ownerOrganisationId, details, options.point);
  }
  if (changed('accessibility')) {
    await saveAccessibility(db, service.id, service.ownerOrganisationId, details.accessibility);
  }
  if (changed('schedule')) {
    await saveSchedule(db, service.id, details.schedule);
  }
  if (changed('cost') || changed('costAmount')) {
    await saveCost(db, service.id, details);
  }
  if (changed('languages')) {
    await saveLanguages(db, service.id, details.languages);
  }
  if (changed('needs')) {
    await saveNeeds(db, service.id, details.needs, options.needsTaxonomyId);
  }
  await refreshSearchText(db, service.id);
}

/**
 * Rebuilds a service's extra search words as services.rows.ts searchTextFor does: its
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
