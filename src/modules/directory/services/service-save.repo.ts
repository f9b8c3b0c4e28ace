import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { DAYS } from '../search/directory-search.schemas.ts';
import { FORM_SCHEDULES, refreshSearchText } from './service-edit.repo.ts';
import type { Changes } from './service-changes.rules.ts';
import { ensureOwnLocation } from './service-locations.repo.ts';
import type { ServiceDetails, SessionTime } from './service-edit.schemas.ts';

// Writes of the service form: a new service's row, then each changed field's rows.

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
