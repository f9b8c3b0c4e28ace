import type { Kysely } from 'kysely';
import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import type { Notifier } from '../../../platform/notify/notifier.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { coordinatorEmails } from '../../champions/index.ts';
import { londonToday } from './review-figures.rules.ts';
import { findOrganisationName } from '../shared/activity-records.repo.ts';
import { DUE_BATCH, type DueReview, claimReviewReminder, dueWithoutReminder } from './reviews.repo.ts';

/** The daily job's name. */
export const REVIEW_REMINDER_JOB = 'activities.review-reminders';

/**
 * Emails an organisation's coordinators (or practice managers, when it has none) once when an
 * active activity's sustain review falls due. What was sent is remembered per activity and due
 * date, so a second run, or a second process, sends nothing more. Returns the activities
 * reminded about.
 */
export async function sendReviewReminders(
  db: Kysely<Database>,
  notifier: Notifier,
  config: Config,
  now: Date = new Date(),
): Promise<number> {
  let reminded = 0;
  // A batch at a time: each reminder sent drops out of the next query, so this ends.
  for (;;) {
    const due = await dueWithoutReminder(db, londonToday(now));
    reminded += await remindBatch(db, notifier, config, due);
    if (due.length < DUE_BATCH) {
      return reminded;
    }
  }
}

async function remindBatch(
  db: Kysely<Database>,
  notifier: Notifier,
  config: Config,
  due: DueReview[],
): Promise<number> {
  let reminded = 0;
  for (const item of due) {
    await withTransaction(db, async (tx) => {
      const scope = trustedScope([item.organisationId], 'job');
      if (!(await claimReviewReminder(tx, scope, item))) {
        return;
      }
      reminded += 1;
      const organisation = await findOrganisationName(tx, scope, item.organisationId);
      for (const to of await coordinatorEmails(tx, item.organisationId)) {
        await notifier.sendEmail(tx, {
          to,
          organisationId: item.organisationId,
          subject: `Sustain review due: ${item.name}`,
          body: [
            `The quarterly sustain review of ${item.name} at ${organisation.name} was due on ${formatDate(item.dueOn)}.`,
            'Look at how it is going (attendance, leader cover, cost and feedback) and decide whether it continues, adapts, pauses or closes.',
            '',
            `Record the review: ${config.baseUrl}/activities/${item.id}/reviews/new`,
          ].join('\n'),
        });
      }
    });
  }
  return reminded;
}
