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
 * Checks and training of champions who have not left, in every organisation, lapsing between
 * `recent` and `horizon` (YYYY-MM-DD) that have had no reminder for that lapse date yet.
 */
export async function findLapsing(db: Executor, recent: string, horizon: string): Promise<Lapsing[]> {
  const checks = await db
    .selectFrom('champion_checks as record')
    .innerJoin('champions', 'champions.id', 'record.champion_id')
    .innerJoin('organisations', 'organisations.id', 'champions.organisation_id')
    .select([
      'record.id',
      'record.expires_on',
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
            .where('sent.subject_type', '=', 'check')
            .whereRef('sent.expires_on', '=', 'record.expires_on'),
        ),
      ),
    )
    .execute();
  const training = await db
    .selectFrom('champion_training as record')
    .innerJoin('champions', 'champions.id', 'record.champion_id')
    .innerJoin('organisations', 'organisations.id', 'champions.organisation_id')
    .select([
      'record.id',
      'record.expires_on',
      'record.course',
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
            .where('sent.subject_type', '=', 'training')
            .whereRef('sent.expires_on', '=', 'record.expires_on'),
        ),
      ),
    )
    .execute();
  const common = (row: {
    id: string;
    expires_on: unknown;
    champion_id: string;
    display_name: string;
    email: string | null;
    organisation_id: string;
    organisation_name: string;
  }) => ({
    subjectId: row.id,
    expiresOn: String(row.expires_on),
    championId: row.champion_id,
    championName: row.display_name,
    championEmail: row.email,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
  });
  return [
    ...checks.map((row) => ({ ...common(row), subjectType: 'check' as const, what: 'DBS check' })),
    ...training.map((row) => ({ ...common(row), subjectType: 'training' as const, what: `training: ${row.course}` })),
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
