import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../src/platform/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import type { ActivityStatus, DeliveryMode, Frequency } from '../../src/modules/activities/activities.tables.ts';
import type { CheckLevel } from '../../src/modules/champions/index.ts';

/** Inserts an activity straight into the database (tests only): status and fields as given. */
export async function buildActivity(
  db: Kysely<Database>,
  organisationId: string,
  options: {
    name?: string;
    status?: ActivityStatus;
    public?: boolean;
    category?: string;
    fiveWays?: string[];
    costPence?: number;
    namedRegisterReason?: string | null;
    deliveryMode?: DeliveryMode;
  } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('activities')
    .values({
      id,
      organisation_id: organisationId,
      name: options.name ?? `Test walk ${id.slice(-6)}`,
      description: 'A gentle walk round the park, with a cup of tea after.',
      category: options.category ?? 'physical-activity',
      five_ways: options.fiveWays ?? ['be-active', 'connect'],
      target_groups: ['Adults'],
      delivery_mode: options.deliveryMode ?? 'group',
      venue_name: 'Canal Street Surgery community room',
      venue_address: '1 Canal Street, Testtown',
      venue_postcode: 'LS28 7AA',
      cost_pence: options.costPence ?? 0,
      referral_routes: ['self', 'reception', 'gp', 'link_worker'],
      how_to_join: 'Just turn up, or ask at reception.',
      capacity: 15,
      status: options.status ?? 'proposed',
      public: options.public ?? true,
      named_register_reason: options.namedRegisterReason ?? null,
    })
    .execute();
  return id;
}

/** A role template with a check level (tests only). */
export async function buildRoleTemplate(
  db: Kysely<Database>,
  organisationId: string,
  options: { name?: string; checkLevel?: CheckLevel; referencesRequired?: number } = {},
): Promise<string> {
  const id = newId();
  await db
    .insertInto('champion_role_templates')
    .values({
      id,
      organisation_id: organisationId,
      name: options.name ?? `Walk leader ${id.slice(-6)}`,
      check_level: options.checkLevel ?? 'none',
      references_required: options.referencesRequired ?? 0,
    })
    .execute();
  return id;
}

/** A session of an activity at a London wall-clock time (tests only). */
export async function buildSession(
  db: Kysely<Database>,
  activityId: string,
  options: {
    date?: string;
    startTime?: string;
    minutes?: number;
    status?: 'scheduled' | 'cancelled' | 'delivered';
  } = {},
): Promise<string> {
  const activity = await db
    .selectFrom('activities')
    .select(['organisation_id'])
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  const date = options.date ?? DateTime.now().setZone('Europe/London').toISODate();
  const start = DateTime.fromISO(`${date}T${options.startTime ?? '10:00'}`, { zone: 'Europe/London' });
  const id = newId();
  await db
    .insertInto('activity_sessions')
    .values({
      id,
      activity_id: activityId,
      organisation_id: activity.organisation_id,
      starts_at: start.toJSDate(),
      ends_at: start.plus({ minutes: options.minutes ?? 90 }).toJSDate(),
      local_date: date as string,
      status: options.status ?? 'scheduled',
      cancel_reason: options.status === 'cancelled' ? 'Venue closed' : '',
    })
    .execute();
  return id;
}

/** Adds a schedule to an activity straight into the database (tests only). */
export async function buildSchedule(
  db: Kysely<Database>,
  activityId: string,
  options: {
    frequency?: Frequency;
    weekday?: number | null;
    weekOfMonth?: number | null;
    startsOn?: string;
    endsOn?: string | null;
    startTime?: string;
    endTime?: string;
    active?: boolean;
  } = {},
): Promise<string> {
  const activity = await db
    .selectFrom('activities')
    .select('organisation_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  const id = newId();
  const frequency = options.frequency ?? 'weekly';
  await db
    .insertInto('activity_schedules')
    .values({
      id,
      activity_id: activityId,
      organisation_id: activity.organisation_id,
      frequency,
      starts_on: options.startsOn ?? DateTime.now().setZone('Europe/London').minus({ months: 1 }).toISODate() ?? '',
      ends_on: options.endsOn ?? null,
      weekday: options.weekday === undefined ? (frequency === 'once' ? null : 2) : options.weekday,
      week_of_month: frequency === 'monthly_weekday' ? (options.weekOfMonth ?? 1) : null,
      start_time: options.startTime ?? '14:00',
      end_time: options.endTime ?? '15:00',
      active: options.active ?? true,
    })
    .execute();
  return id;
}
