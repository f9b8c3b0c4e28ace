import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { locatePostcode } from '../../src/modules/directory/postcodes/postcodes.service.ts';
import { refreshSearchText } from '../../src/modules/directory/services/service-edit.repo.ts';
import { type TestPerson, buildPerson } from './factories.ts';

/** What a test service has; everything but the owner and name is optional. */
export interface TestServiceOptions {
  ownerId: string;
  name: string;
  description?: string;
  organisation?: string;
  postcode?: string;
  town?: string;
  /** Sessions as iCalendar day codes and times, e.g. ['TU', '10:00', '12:00']. */
  sessions?: [string, string, string][];
  /** 0 for free, a positive amount for a charge, undefined for not known. */
  cost?: number;
  minimumAge?: number;
  maximumAge?: number;
  languages?: string[];
  accessibility?: string;
  needs?: string[];
  phone?: string;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  published?: boolean;
  lastVerifiedAt?: Date | null;
  reviewDueAt?: Date | null;
  stale?: boolean;
}

/** Inserts a directory service with its location, times, cost and the rest, straight into the tables. */
export async function buildService(db: Kysely<Database>, options: TestServiceOptions): Promise<string> {
  const id = newId();
  let organizationId: string | null = null;
  if (options.organisation) {
    organizationId = newId();
    await db
      .insertInto('dir_organizations')
      .values({ id: organizationId, owner_organisation_id: options.ownerId, name: options.organisation })
      .execute();
  }
  await db
    .insertInto('dir_services')
    .values({
      id,
      owner_organisation_id: options.ownerId,
      organization_id: organizationId,
      name: options.name,
      description: options.description ?? '',
      status: options.status ?? 'active',
      published: options.published ?? true,
      minimum_age: options.minimumAge ?? null,
      maximum_age: options.maximumAge ?? null,
      last_verified_at: options.lastVerifiedAt === undefined ? new Date() : options.lastVerifiedAt,
      verification_method: options.lastVerifiedAt === null ? null : 'phone',
      review_due_at: options.reviewDueAt === undefined ? new Date(Date.now() + 60 * 86_400_000) : options.reviewDueAt,
      stale: options.stale ?? false,
    })
    .execute();
  if (options.postcode) {
    const point = await locatePostcode(db, options.postcode);
    const locationId = newId();
    await db
      .insertInto('dir_locations')
      .values({
        id: locationId,
        owner_organisation_id: options.ownerId,
        latitude: point?.latitude ?? null,
        longitude: point?.longitude ?? null,
      })
      .execute();
    await db
      .insertInto('dir_addresses')
      .values({
        id: newId(),
        location_id: locationId,
        address_1: '1 Test Street',
        city: options.town ?? 'Pudsey',
        postal_code: options.postcode,
      })
      .execute();
    await db
      .insertInto('dir_service_at_locations')
      .values({ id: newId(), service_id: id, location_id: locationId })
      .execute();
    if (options.accessibility) {
      await db
        .insertInto('dir_accessibility')
        .values({ id: newId(), location_id: locationId, description: options.accessibility })
        .execute();
    }
  }
  for (const [byday, opensAt, closesAt] of options.sessions ?? []) {
    await db
      .insertInto('dir_schedules')
      .values({ id: newId(), service_id: id, freq: 'WEEKLY', byday, opens_at: opensAt, closes_at: closesAt })
      .execute();
  }
  if (options.cost !== undefined) {
    await db
      .insertInto('dir_cost_options')
      .values({
        id: newId(),
        service_id: id,
        option: options.cost === 0 ? 'Free' : 'Per session',
        amount: options.cost.toFixed(2),
      })
      .execute();
  }
  for (const name of options.languages ?? []) {
    await db.insertInto('dir_languages').values({ id: newId(), service_id: id, name }).execute();
  }
  for (const termId of options.needs ?? []) {
    await db
      .insertInto('dir_attributes')
      .values({ id: newId(), link_type: 'service', link_id: id, taxonomy_term_id: termId })
      .execute();
  }
  if (options.phone) {
    await db.insertInto('dir_phones').values({ id: newId(), service_id: id, number: options.phone }).execute();
  }
  await refreshSearchText(db, id);
  return id;
}

/** A word no other test uses, so searches find only this test's services. */
export function uniqueWord(prefix = 'zed'): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = prefix;
  for (let index = 0; index < 6; index += 1) {
    word += letters[Math.floor(Math.random() * letters.length)];
  }
  return word;
}

/**
 * A champion of the organisation who holds a role granting directory research (a "directory
 * researcher"), so they may claim and complete checking tasks there. `grants: false` gives
 * them a role that does not.
 */
export async function buildDirectoryResearcher(
  db: Kysely<Database>,
  organisationId: string,
  options: { grants?: boolean; displayName?: string } = {},
): Promise<TestPerson> {
  const person = await buildPerson(db, { roles: [[organisationId, 'champion']], displayName: options.displayName });
  const championId = newId();
  await db
    .insertInto('champions')
    .values({
      id: championId,
      organisation_id: organisationId,
      user_id: person.id,
      display_name: person.displayName,
      email: person.email,
      stage: 'active',
    })
    .execute();
  const grants = options.grants ?? true;
  const template = await db
    .insertInto('champion_role_templates')
    .values({
      id: newId(),
      organisation_id: organisationId,
      name: grants ? 'Directory researcher' : 'Walk leader',
      grants_directory_research: grants,
    })
    .onConflict((conflict) =>
      conflict.columns(['organisation_id', 'name']).doUpdateSet({ grants_directory_research: grants }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('champion_role_assignments')
    .values({ id: newId(), champion_id: championId, role_template_id: template.id, assigned_by: null })
    .execute();
  return person;
}
