import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sweepSessions } from '../auth/session.ts';
import { sweepRateLimits } from '../http/rate-limit.repo.ts';
import { sweepOutbox } from '../notify/notifier.ts';
import type { JobQueue } from './queue.ts';
import { deleteExpiredResetTokens, deleteFinishedJobs, deleteOldSignInAttempts } from './sweeps.repo.ts';

/** What the nightly clean-up keeps, and for how long. */
export interface SweepOptions {
  /** Days a sent or failed email stays in the outbox (OUTBOX_RETENTION_DAYS). */
  outboxRetentionDays: number;
}

/** The platform's nightly clean-up: expired sessions, spent tokens, old counters, finished jobs and old emails. */
export function registerSweeps(queue: JobQueue, db: Kysely<Database>, options: SweepOptions): void {
  queue.registerDaily('platform.nightly-sweep', '02:30', async () => {
    await sweepSessions(db);
    await sweepRateLimits(db);
    await deleteOldSignInAttempts(db);
    await deleteExpiredResetTokens(db);
    await deleteFinishedJobs(db);
    await sweepOutbox(db, options.outboxRetentionDays);
  });
}
