import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { encryptSecret } from '../platform/crypto.ts';
import { newId } from '../lib/ids.ts';
import type { ActivityRow, ReferralRoute } from '../modules/activities/activities.tables.ts';

// The demo's warm introductions waiting, encrypted as the introductions service keeps them.

const DAY = 86_400_000;

/** The warm introductions of the demo: who was introduced, how to reach them, by whom and where it stands. */
const INTRODUCTIONS: {
  activity: string;
  firstName: string;
  contact: string;
  route: ReferralRoute;
  by: string;
  status: 'pending' | 'joined' | 'declined' | 'activity_closed';
  daysAgo: number;
}[] = [
  {
    activity: 'canal-walk',
    firstName: 'Margaret',
    contact: '07700 900 217',
    route: 'gp',
    by: 'gp.canal',
    status: 'pending',
    daysAgo: 3,
  },
  {
    activity: 'canal-knit',
    firstName: 'Doreen',
    contact: '07700 900 358',
    route: 'link_worker',
    by: 'linkworker',
    status: 'pending',
    daysAgo: 5,
  },
  {
    activity: 'canal-cuppa',
    firstName: 'Stan',
    contact: '0113 496 0719 (landline, afternoons)',
    route: 'link_worker',
    by: 'linkworker',
    status: 'pending',
    daysAgo: 2,
  },
  {
    activity: 'millbrook-singing',
    firstName: 'Bernard',
    contact: '07700 900 442',
    route: 'reception',
    by: 'reception.millbrook',
    status: 'pending',
    daysAgo: 4,
  },
  {
    activity: 'riverside-parent-walks',
    firstName: 'Aisha',
    contact: 'aisha.demo@example.org',
    route: 'link_worker',
    by: 'linkworker',
    status: 'pending',
    daysAgo: 6,
  },
  {
    activity: 'canal-walk',
    firstName: 'Ron',
    contact: '07700 900 581',
    route: 'gp',
    by: 'gp.canal',
    status: 'joined',
    daysAgo: 30,
  },
  {
    activity: 'millbrook-cafe',
    firstName: 'Irene',
    contact: '07700 900 634',
    route: 'reception',
    by: 'reception.millbrook',
    status: 'declined',
    daysAgo: 25,
  },
  {
    activity: 'millbrook-carers',
    firstName: 'Jean',
    contact: '07700 900 795',
    route: 'reception',
    by: 'reception.millbrook',
    status: 'activity_closed',
    daysAgo: 100,
  },
];

/** Adds the demo's introductions, their names and contacts encrypted at rest. */
export async function addIntroductions(
  tx: Transaction<Database>,
  activities: ReadonlyMap<string, ActivityRow>,
  users: ReadonlyMap<string, string>,
  key: Buffer,
  domain: string,
  now: Date,
): Promise<IntroductionRow[]> {
  const rows = INTRODUCTIONS.flatMap((introduction) => {
    const activity = activities.get(introduction.activity);
    if (!activity) {
      return [];
    }
    const createdAt = new Date(now.getTime() - introduction.daysAgo * DAY);
    const changed =
      introduction.status === 'pending'
        ? createdAt
        : introduction.status === 'activity_closed'
          ? activity.status_changed_at
          : new Date(createdAt.getTime() + 9 * DAY);
    return [
      {
        id: newId(),
        activity_id: activity.id,
        organisation_id: activity.organisation_id,
        route: introduction.route,
        first_name_enc: encryptSecret(key, introduction.firstName),
        contact_enc: encryptSecret(key, introduction.contact),
        referred_by: users.get(`${introduction.by}@${domain}`) ?? null,
        status: introduction.status,
        status_changed_at: changed,
        created_at: createdAt,
      },
    ];
  });
  if (rows.length > 0) {
    await tx.insertInto('activity_introductions').values(rows).execute();
  }
  return rows.map((row) => ({ activityId: row.activity_id, status: row.status, createdAt: row.created_at }));
}

/** An introduction as the review figures count it. */
export interface IntroductionRow {
  activityId: string;
  status: 'pending' | 'joined' | 'declined' | 'activity_closed';
  createdAt: Date;
}
