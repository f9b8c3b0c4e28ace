import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A check or course lapsing soon, with whom to tell. */
export interface Lapsing {
  subjectType: 'check' | 'training';
  subjectId: string;
  expiresOn: string;
  what: string;
  championId: string;
  championName: string;
  championEmail: string | null;
  organisationId: string;
  organisationName: string;
}

/**
 * Records of one kind (checks or training) of champions who have not left, lapsing between
 * `recent` and `horizon`, with no reminder for that lapse date yet; `what` names each record.
 */
async function lapsingIn(
  db: Executor,
  table: 'champion_checks' | 'champion_training',
  subjectType: Lapsing['subjectType'],
  what: RawBuilder<string>,
  recent: string,
  horizon: string,
): Promise<Lapsing[]> {
  const rows = await db
    // Both tables have the columns read here (id, champion_id, expires_on), so one type serves.
    .selectFrom(`${table} as record` as 'champion_checks as record')
    .innerJoin('champions', 'champions.id', 'record.champion_id')
    .innerJoin('organisations', 'organisations.id', 'champions.organisation_id')
    .select([
      'record.id',
      'record.expires_on',
      what.as('what'),
      'champions.id as champion_id',
      'champions.display_name',
      'champions.email',
      'organisations.id as organisation_id',
      'organisations.name as organisation_name',
    ])
    .where('record.expires_on', 'is not', null)
    .where('record.expires_on', '<=', horizon)
    .where('record.expires_on', '>=', recent)
    .where('champions.stage', 'not in', ['left'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('champion_reminders_sent as sent')
            .select('sent.subject_id')
            .whereRef('sent.subject_id', '=', 'record.id')
            .where('sent.subject_type', '=', subjectType)
            .whereRef('sent.expires_on', '=', 'record.expires_on'),
        ),
      ),
    )
    .execute();
  return rows.map((row) => ({
    subjectType,
    subjectId: row.id,
    expiresOn: String(row.expires_on),
    what: row.what,
    championId: row.champion_id,
    championName: row.display_name,
    championEmail: row.email,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
  }));
}

/**
 * Checks and training of champions who have not left, in every organisation, lapsing between
 * `recent` and `horizon` (YYYY-MM-DD) that have had no reminder for that lapse date yet.
 */
export async function findLapsing(db: Executor, recent: string, horizon: string): Promise<Lapsing[]> {
  return [
    ...(await lapsingIn(db, 'champion_checks', 'check', sql<string>`'DBS check'`, recent, horizon)),
    ...(await lapsingIn(
      db,
      'champion_training',
      'training',
      sql<string>`'training: ' || record.course`,
      recent,
      horizon,
    )),
  ];
}

/** Claims the reminder for one lapse date: false when it was already sent (another run got there first). */
export async function claimReminder(
  db: Executor,
  item: { subjectType: 'check' | 'training'; subjectId: string; expiresOn: string },
): Promise<boolean> {
  const claimed = await db
    .insertInto('champion_reminders_sent')
    .values({ subject_type: item.subjectType, subject_id: item.subjectId, expires_on: item.expiresOn })
    .onConflict((conflict) => conflict.doNothing())
    .returning('subject_id')
    .executeTakeFirst();
  return claimed !== undefined;
}
