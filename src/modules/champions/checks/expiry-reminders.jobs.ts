import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import type { Notifier } from '../../../platform/notify/notifier.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { coordinatorEmails } from '../recruitment/recruitment.service.ts';
import { londonToday } from '../../../lib/dates.ts';

/** How many days before a check or course lapses the reminder goes out. */
export const REMINDER_DAYS = 30;

/** The daily job's name. */
export const REMINDER_JOB = 'champions.expiry-reminders';

interface Lapsing {
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

/** Checks and training lapsing within REMINDER_DAYS (or lapsed) that have had no reminder yet. */
async function findLapsing(db: Kysely<Database>, now: Date): Promise<Lapsing[]> {
  const horizon = londonToday(new Date(now.getTime() + REMINDER_DAYS * 86_400_000));
  const recent = londonToday(new Date(now.getTime() - 7 * 86_400_000));
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

/**
 * Emails the champion and their coordinators (or practice managers, when there is no
 * coordinator) about each check or course that lapses within 30 days, once per lapse date.
 * Returns how many lapsing records were reminded about.
 */
export async function sendExpiryReminders(
  db: Kysely<Database>,
  notifier: Notifier,
  config: Config,
  now: Date = new Date(),
): Promise<number> {
  const lapsing = await findLapsing(db, now);
  for (const item of lapsing) {
    await withTransaction(db, async (tx) => {
      const claimed = await tx
        .insertInto('champion_reminders_sent')
        .values({ subject_type: item.subjectType, subject_id: item.subjectId, expires_on: item.expiresOn })
        .onConflict((conflict) => conflict.doNothing())
        .returning('subject_id')
        .executeTakeFirst();
      if (!claimed) {
        return;
      }
      const recipients = await coordinatorEmails(tx, item.organisationId);
      const when = formatDate(item.expiresOn);
      for (const to of recipients) {
        await notifier.sendEmail(tx, {
          to,
          organisationId: item.organisationId,
          subject: `A champion's ${item.subjectType === 'check' ? 'DBS check' : 'training'} lapses on ${when}`,
          body: [
            `${item.championName}'s ${item.what} at ${item.organisationName} lapses on ${when}.`,
            '',
            `Their record: ${config.baseUrl}/organisations/${item.organisationId}/champions/${item.championId}`,
          ].join('\n'),
        });
      }
      if (item.championEmail) {
        await notifier.sendEmail(tx, {
          to: item.championEmail,
          organisationId: item.organisationId,
          subject: `Your ${item.subjectType === 'check' ? 'DBS check' : 'training'} with ${item.organisationName} needs renewing`,
          body: [
            `Hello ${item.championName},`,
            '',
            `Your ${item.what} for your champion role at ${item.organisationName} lapses on ${when}.`,
            'Your coordinator will be in touch about renewing it.',
          ].join('\n'),
        });
      }
    });
  }
  return lapsing.length;
}
