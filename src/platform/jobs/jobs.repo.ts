/**
 * The jobs table: SQL for the queue in queue.ts (the foundation's table, shared by every
 * organisation; a job is found by id and held by the worker that claimed it).
 */
import { sql } from 'kysely';
import { newId } from '../../lib/ids.ts';
import type { JobRow } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';

/** When and how often to try a job. */
export interface EnqueueOptions {
  runAt?: Date;
  /** Only one queued or running job may hold a key: a second enqueue is ignored. */
  singletonKey?: string;
  maxAttempts?: number;
}

/** Queues a job inside the caller's transaction, so it exists only if the change commits. */
export async function enqueueJob(
  db: Executor,
  name: string,
  payload: Record<string, unknown> = {},
  options: EnqueueOptions = {},
): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      name,
      payload: JSON.stringify(payload),
      run_at: options.runAt ?? new Date(),
      singleton_key: options.singletonKey ?? null,
      max_attempts: options.maxAttempts ?? 5,
    })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/**
 * Claims the next due job of one of `names` for `workerId`, holding it for `leaseSeconds`:
 * `FOR UPDATE SKIP LOCKED` hands each job to one worker; a running job whose lease ran out is taken over.
 */
export async function claimDueJob(
  db: Executor,
  names: readonly string[],
  workerId: string,
  leaseSeconds: number,
): Promise<JobRow | undefined> {
  const result = await sql<JobRow>`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id = (
      select id from jobs
      where name = any(${names}::text[])
        and ((status = 'queued' and run_at <= now()) or (status = 'running' and locked_until < now()))
      order by run_at
      limit 1
      for update skip locked
    )
    returning *`.execute(db);
  return result.rows[0];
}

/** Extends the lease of a job this worker holds. */
export async function extendJobLease(db: Executor, jobId: string, workerId: string, leaseSeconds: number) {
  await db
    .updateTable('jobs')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .execute();
}

/** What a finished or failed run leaves on the job. */
export interface JobOutcome {
  status: 'done' | 'queued' | 'failed';
  run_at?: Date;
  finished_at: Date | null;
  last_error: string | null;
}

/** Records how a run of a job this worker holds ended, and releases it. */
export async function finishJob(db: Executor, jobId: string, workerId: string, outcome: JobOutcome): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ ...outcome, locked_until: null })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .execute();
}
