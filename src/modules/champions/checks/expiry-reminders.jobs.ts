import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import type { Notifier } from '../../../platform/notify/notifier.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { coordinatorEmails } from '../recruitment/recruitment.service.ts';
import { londonToday } from '../../../lib/dates.ts';
import { claimReminder, findLapsing, type Lapsing } from './expiry-reminders.repo.ts';

/** How many days before a check or course lapses the reminder goes out. */
export const REMINDER_DAYS = 30;

/** The daily job's name. */
export const REMINDER_JOB = 'champions.expiry-reminders';

/** Checks and training lapsing within REMINDER_DAYS (or lapsed in the last week) that have had no reminder yet. */
function findLapsingOn(db: Kysely<Database>, now: Date): Promise<Lapsing[]> {
  const horizon = londonToday(new Date(now.getTime() + REMINDER_DAYS * 86_400_000));
  const recent = londonToday(new Date(now.getTime() - 7 * 86_400_000));
  return findLapsing(db, recent, horizon);
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
  const lapsing = await findLapsingOn(db, now);
  for (const item of lapsing) {
    await withTransaction(db, async (tx) => {
      if (!(await claimReminder(tx, item))) {
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
