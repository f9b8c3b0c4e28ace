import { hostname } from 'node:os';
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { newId } from '../../lib/ids.ts';
import type { Database, JobRow } from '../db/schema.ts';
import { claimDueJob, enqueueJob, extendJobLease, finishJob } from './jobs.repo.ts';

export { type EnqueueOptions, enqueueJob } from './jobs.repo.ts';

/** Runs one job; throwing schedules a retry until the attempts run out. */
export type JobHandler = (payload: Record<string, unknown>, job: JobRow) => Promise<void>;

/** The next time the London wall clock reads `HH:MM`, after `from`. */
export function nextDailyRun(time: string, from: Date = new Date()): Date {
  const [hour, minute] = time.split(':').map(Number);
  const now = DateTime.fromJSDate(from, { zone: 'Europe/London' });
  let next = now.set({ hour, minute, second: 0, millisecond: 0 });
  // Compare wall-clock times, not instants: in the hour repeated when the clocks go back,
  // a job that has just run at 01:30 BST must not run again at 01:30 GMT.
  const alreadyPassedToday = now.hour > (hour ?? 0) || (now.hour === hour && now.minute >= (minute ?? 0));
  if (next <= now || alreadyPassedToday) {
    next = now.plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  }
  return next.toJSDate();
}

interface Registered {
  handler: JobHandler;
  dailyAt?: string;
}

/** How long a claimed job is held before another process may take it over (a crash). */
const LEASE_SECONDS = 300;

/**
 * A job queue kept in the database. Any number of processes may run workers over the same
 * table: `FOR UPDATE SKIP LOCKED` hands each due job to exactly one of them, and a job whose
 * process died is picked up again once its lease runs out.
 */
export class JobQueue {
  private readonly handlers = new Map<string, Registered>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-8)}`;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  /** Declares the handler for jobs of `name`. */
  register(name: string, handler: JobHandler): void {
    this.handlers.set(name, { handler });
  }

  /** Declares a job that runs every day at `time` (HH:MM, UK time), such as a nightly sweep. */
  registerDaily(name: string, time: string, handler: JobHandler): void {
    this.handlers.set(name, { handler, dailyAt: time });
  }

  /** Makes sure each daily job has its next run queued (idempotent across processes). */
  async scheduleDailyJobs(): Promise<void> {
    for (const [name, registered] of this.handlers) {
      if (registered.dailyAt) {
        await enqueueJob(this.db, name, {}, { runAt: nextDailyRun(registered.dailyAt), singletonKey: `daily:${name}` });
      }
    }
  }

  /** Starts polling for due jobs. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.scheduleDailyJobs();
    const tick = () => {
      if (this.stopped) {
        return;
      }
      this.running = this.drain({ untilStopped: true })
        .then(() => undefined)
        .catch((error: unknown) => this.log.error({ err: error }, 'job worker failed'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.pollMs);
          }
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    await this.running;
  }

  /**
   * Runs due jobs until none is left; returns how many ran. Tests call it directly. The
   * worker's own drain stops after the job in hand once stop() is called, so a backlog never
   * holds up a graceful shutdown; the rest wait in the table for the next process.
   */
  async drain(options: { untilStopped?: boolean } = {}): Promise<number> {
    let count = 0;
    for (;;) {
      if (options.untilStopped && this.stopped) {
        return count;
      }
      const job = await this.claim();
      if (!job) {
        return count;
      }
      await this.runJob(job);
      count += 1;
    }
  }

  private async claim(): Promise<JobRow | undefined> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) {
      return undefined;
    }
    return claimDueJob(this.db, names, this.workerId, LEASE_SECONDS);
  }

  private async runJob(job: JobRow): Promise<void> {
    const registered = this.handlers.get(job.name);
    // Keep the lease while the job runs, so a long job is never handed to a second worker.
    const heartbeat = setInterval(
      () => {
        void extendJobLease(this.db, job.id, this.workerId, LEASE_SECONDS).catch((error: unknown) =>
          this.log.warn({ err: error, jobId: job.id }, 'could not extend job lease'),
        );
      },
      (LEASE_SECONDS * 1000) / 3,
    );
    try {
      if (!registered) {
        throw new Error(`No handler for job ${job.name}`);
      }
      await registered.handler((job.payload ?? {}) as Record<string, unknown>, job);
      await finishJob(this.db, job.id, this.workerId, { status: 'done', finished_at: new Date(), last_error: null });
      if (registered.dailyAt) {
        await enqueueJob(
          this.db,
          job.name,
          {},
          { runAt: nextDailyRun(registered.dailyAt), singletonKey: `daily:${job.name}` },
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = job.attempts >= job.max_attempts;
      this.log.warn({ job: job.name, jobId: job.id, attempt: job.attempts, giveUp }, 'job failed');
      // Back off 30 s, 1 min, 2 min ... so a struggling mail server is not hammered.
      const retryAt = new Date(Date.now() + 30_000 * 2 ** (job.attempts - 1));
      await finishJob(this.db, job.id, this.workerId, {
        status: giveUp ? 'failed' : 'queued',
        run_at: giveUp ? job.run_at : retryAt,
        finished_at: giveUp ? new Date() : null,
        last_error: message.slice(0, 1000),
      });
      if (giveUp && registered?.dailyAt) {
        await enqueueJob(
          this.db,
          job.name,
          {},
          { runAt: nextDailyRun(registered.dailyAt), singletonKey: `daily:${job.name}` },
        );
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}
