import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { type SweepResult, sweepFreshness } from './freshness.repo.ts';

/** The nightly job's name (registered with app.services.jobs.registerDaily). */
export const FRESHNESS_JOB = 'directory.freshness-sweep';

/** Runs the freshness sweep and records that it ran. */
export async function runFreshnessSweep(db: Executor, now: Date = new Date()): Promise<SweepResult> {
  return withTransaction(db, async (tx) => {
    const result = await sweepFreshness(tx, now);
    await recordAudit(
      tx,
      { actorUserId: null, requestId: `job:${FRESHNESS_JOB}` },
      { action: 'directory.freshness-swept', details: { ...result } },
    );
    return result;
  });
}
