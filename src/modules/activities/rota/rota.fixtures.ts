import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { buildActivity, buildRoleTemplate } from '../../../../test/helpers/activity-factories.ts';
import { buildChampionWorld, type ChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import type { ActivityStatus } from '../activities.tables.ts';
import { addDays, isoWeekday, londonToday } from '../../../lib/dates.ts';

/** A practice with a coordinator, champions Alice (enhanced DBS) and Bob (none), and an activity needing two roles (tests only). */
export interface RotaWorld extends ChampionWorld {
  activityId: string;
  /** Needs an enhanced check with the adults' barred list; one place per session. */
  leaderRoleId: string;
  /** Needs nothing; two places per session. */
  hostRoleId: string;
}

/** Gives a champion a current DBS check at a level (tests only). */
export async function giveCheck(
  db: Kysely<Database>,
  championId: string,
  level: 'basic' | 'enhanced_adult' | 'enhanced_child' = 'enhanced_adult',
): Promise<void> {
  await db
    .insertInto('champion_checks')
    .values({
      id: newId(),
      champion_id: championId,
      level,
      issued_on: addDays(londonToday(), -30),
      certificate_reference: '001234567890',
      expires_on: addDays(londonToday(), 700),
    })
    .execute();
}

/** Builds the rota world; the activity is `status` (active unless told). */
export async function buildRotaWorld(
  db: Kysely<Database>,
  options: { status?: ActivityStatus } = {},
): Promise<RotaWorld> {
  const world = await buildChampionWorld(db);
  const activityId = await buildActivity(db, world.practiceId, {
    status: options.status ?? 'active',
    name: 'Canal Street walk',
  });
  const leaderRoleId = await buildRoleTemplate(db, world.practiceId, {
    name: `Walk leader ${activityId.slice(-4)}`,
    checkLevel: 'enhanced_adult',
  });
  const hostRoleId = await buildRoleTemplate(db, world.practiceId, {
    name: `Tea host ${activityId.slice(-4)}`,
    checkLevel: 'none',
  });
  await db
    .insertInto('activity_roles')
    .values([
      { activity_id: activityId, role_template_id: leaderRoleId, organisation_id: world.practiceId, places: 1 },
      { activity_id: activityId, role_template_id: hostRoleId, organisation_id: world.practiceId, places: 2 },
    ])
    .execute();
  await giveCheck(db, world.alice.championId);
  return { ...world, activityId, leaderRoleId, hostRoleId };
}

/** The next date (after today) falling on an ISO weekday, as the three fields of a date input (tests only). */
export function nextWeekday(weekday: number, after: string = londonToday()): string {
  return addDays(after, (weekday - isoWeekday(after) + 7) % 7 || 7);
}

/** A YYYY-MM-DD date as a date input's three fields named `name` (tests only). */
export function dateFields(name: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: String(Number(day)), [`${name}[month]`]: String(Number(month)), [`${name}[year]`]: year };
}
