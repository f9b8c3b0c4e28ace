/** SQL for the platform's nightly clean-up of the foundation's tables (across every organisation). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Deletes sign-in attempts older than 30 days. */
export async function deleteOldSignInAttempts(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sign_in_attempts').where('at', '<', sql<Date>`now() - interval '30 days'`).execute();
}

/** Deletes password reset tokens that expired more than 7 days ago. */
export async function deleteExpiredResetTokens(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('password_reset_tokens').where('expires_at', '<', sql<Date>`now() - interval '7 days'`).execute();
}

/** Deletes jobs that finished more than 30 days ago. */
export async function deleteFinishedJobs(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', sql<Date>`now() - interval '30 days'`)
    .execute();
}
