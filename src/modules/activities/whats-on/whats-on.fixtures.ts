import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { buildActivity, buildSchedule, buildSession } from '../../../../test/helpers/activity-factories.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';
import type { ActivitiesTable } from '../activities.tables.ts';
import { LONDON } from '../../../lib/dates.ts';

export { buildSchedule };

/** The ODS code of an organisation (tests only). */
export async function odsCodeOf(db: Kysely<Database>, organisationId: string): Promise<string> {
  const row = await db
    .selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return row.ods_code ?? '';
}

/** The next date (after today, London) that falls on an ISO weekday, plus `weeks` weeks (tests only). */
export function nextWeekday(isoWeekday: number, weeks = 0): string {
  const today = DateTime.now().setZone(LONDON).startOf('day');
  const ahead = (isoWeekday - today.weekday + 7) % 7 || 7;
  return today.plus({ days: ahead + weeks * 7 }).toISODate() ?? '';
}

/** Changes an activity's columns (tests only). */
export async function updateActivity(
  db: Kysely<Database>,
  activityId: string,
  values: Partial<Record<keyof ActivitiesTable, unknown>>,
): Promise<void> {
  await db
    .updateTable('activities')
    .set(values as never)
    .where('id', '=', activityId)
    .execute();
}

/** Names that must never reach a public page or feed (tests only). */
export const PRIVATE_NAMES = { champion: 'Peregrine Quillfeather', sponsor: 'Doctor Ottoline Fairweather' };

/**
 * A network with two practices and a practice elsewhere, each running activities in every
 * state, so tests can check exactly which ones are public where (tests only).
 */
export async function buildWhatsOnWorld(db: Kysely<Database>) {
  const networkId = await buildNetwork(db);
  const practiceId = await buildPractice(db, { networkId });
  const neighbourId = await buildPractice(db, { networkId });
  const elsewhereId = await buildPractice(db);
  const tag = newId().slice(-6);

  const walk = await buildActivity(db, practiceId, {
    name: `Tuesday walk ${tag}`,
    status: 'active',
    category: 'physical-activity',
    costPence: 0,
  });
  await updateActivity(db, walk, {
    accessibility_notes: 'Flat route, suitable for wheelchairs',
    how_to_join: 'Meet at the surgery door.',
    referral_routes: ['self', 'link_worker'],
  });
  await buildSchedule(db, walk, { weekday: 2, startTime: '14:00', endTime: '15:00' });
  const walkSession = await buildSession(db, walk, { date: nextWeekday(2), startTime: '14:00', minutes: 60 });
  const sponsor = await buildPerson(db, {
    roles: [[practiceId, 'practice_manager']],
    displayName: PRIVATE_NAMES.sponsor,
  });
  await updateActivity(db, walk, { staff_sponsor_user_id: sponsor.id });
  const lead = await buildChampionPerson(db, practiceId, PRIVATE_NAMES.champion);
  await db
    .insertInto('activity_leads')
    .values({ activity_id: walk, champion_id: lead.championId, organisation_id: practiceId })
    .execute();

  const ukulele = await buildActivity(db, neighbourId, {
    name: `Ukulele for beginners ${tag}`,
    status: 'active',
    category: 'creative-learning',
    costPence: 300,
  });
  await updateActivity(db, ukulele, { cost_note: 'Instruments lent free', referral_routes: ['reception', 'gp'] });
  await buildSchedule(db, ukulele, { weekday: 4, frequency: 'fortnightly', startTime: '10:30', endTime: '12:00' });
  await buildSession(db, ukulele, { date: nextWeekday(4), startTime: '10:30' });

  const networkCafe = await buildActivity(db, networkId, {
    name: `Network wellbeing café ${tag}`,
    status: 'active',
    category: 'social-connection',
    costPence: 0,
  });
  await db.insertInto('activity_hosts').values({ activity_id: networkCafe, organisation_id: practiceId }).execute();
  await buildSchedule(db, networkCafe, {
    frequency: 'monthly_weekday',
    weekday: 5,
    weekOfMonth: -1,
    startTime: '12:00',
    endTime: '13:30',
  });

  const hidden = {
    private: await buildActivity(db, practiceId, { name: `Private group ${tag}`, status: 'active', public: false }),
    paused: await buildActivity(db, practiceId, { name: `Paused group ${tag}`, status: 'paused' }),
    closed: await buildActivity(db, practiceId, { name: `Closed group ${tag}`, status: 'closed' }),
    proposed: await buildActivity(db, practiceId, { name: `Proposed group ${tag}`, status: 'proposed' }),
    elsewhere: await buildActivity(db, elsewhereId, { name: `Elsewhere walk ${tag}`, status: 'active' }),
  };
  for (const id of Object.values(hidden)) {
    await buildSchedule(db, id, { weekday: 2 });
    await buildSession(db, id, { date: nextWeekday(2), startTime: '14:00' });
  }
  return {
    networkId,
    practiceId,
    neighbourId,
    elsewhereId,
    ods: {
      network: await odsCodeOf(db, networkId),
      practice: await odsCodeOf(db, practiceId),
      neighbour: await odsCodeOf(db, neighbourId),
      elsewhere: await odsCodeOf(db, elsewhereId),
    },
    activities: { walk, ukulele, networkCafe, ...hidden },
    walkSession,
    tag,
  };
}
