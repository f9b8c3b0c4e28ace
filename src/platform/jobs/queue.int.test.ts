import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { newId } from '../../lib/ids.ts';
import { JobQueue, enqueueJob } from './queue.ts';

const silent = pino({ level: 'silent' });

/** A job name no other test or app job uses. */
function jobName(purpose: string): string {
  return `test.${purpose}.${newId().slice(-12)}`;
}

async function queueFor(...names: [string, (payload: Record<string, unknown>) => Promise<void>][]): Promise<JobQueue> {
  const { app } = await testWorld();
  const queue = new JobQueue(app.db, silent);
  for (const [name, handler] of names) {
    queue.register(name, handler);
  }
  return queue;
}

async function jobsNamed(name: string) {
  const { app } = await testWorld();
  return app.db.selectFrom('jobs').selectAll().where('name', '=', name).orderBy('created_at').execute();
}

/** Makes every waiting job of `name` due now, as if its back-off had passed. */
async function makeDue(name: string): Promise<void> {
  const { app } = await testWorld();
  await app.db
    .updateTable('jobs')
    .set({ run_at: sql<Date>`now() - interval '1 second'` })
    .where('name', '=', name)
    .where('status', '=', 'queued')
    .execute();
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The run is the coming 02:30 on the UK wall clock: in the future, within a day. */
function assertNextNightAt0230(runAt: Date): void {
  assert.equal(londonClock.format(runAt), '02:30:00');
  const ahead = runAt.getTime() - Date.now();
  assert.ok(ahead > 0 && ahead <= 25 * 3_600_000, `next run ${runAt.toISOString()}`);
}

describe('job queue', () => {
  test('an enqueued job runs once, with its payload, and is marked done', async () => {
    const { app } = await testWorld();
    const name = jobName('once');
    const seen: unknown[] = [];
    const queue = await queueFor([name, async (payload) => void seen.push(payload)]);
    await enqueueJob(app.db, name, { letter: 'A81001' });
    assert.equal(await queue.drain(), 1);
    assert.equal(await queue.drain(), 0);
    assert.deepEqual(seen, [{ letter: 'A81001' }]);
    const [job] = await jobsNamed(name);
    assert.deepEqual([job?.status, job?.attempts, job?.locked_until, job?.last_error], ['done', 1, null, null]);
    assert.ok(job?.finished_at instanceof Date);
  });

  test('a job enqueued in a transaction that rolls back never exists', async () => {
    const { app } = await testWorld();
    const name = jobName('rollback');
    await assert.rejects(
      app.db.transaction().execute(async (tx) => {
        await enqueueJob(tx, name, {});
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.deepEqual(await jobsNamed(name), []);
  });

  test('a job due later waits until its time', async () => {
    const { app } = await testWorld();
    const name = jobName('later');
    let runs = 0;
    const queue = await queueFor([
      name,
      async () => {
        runs += 1;
      },
    ]);
    await enqueueJob(app.db, name, {}, { runAt: new Date(Date.now() + 60_000) });
    assert.equal(await queue.drain(), 0);
    await makeDue(name);
    assert.equal(await queue.drain(), 1);
    assert.equal(runs, 1);
  });

  test('a failing job is retried with growing back-off, then marked failed after its last attempt', async () => {
    const { app } = await testWorld();
    const name = jobName('failing');
    let calls = 0;
    const queue = await queueFor([
      name,
      async () => {
        calls += 1;
        throw new Error(`mail server down (attempt ${calls})`);
      },
    ]);
    await enqueueJob(app.db, name, {}, { maxAttempts: 3 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const before = Date.now();
      assert.equal(await queue.drain(), 1, `attempt ${attempt} runs`);
      const [job] = await jobsNamed(name);
      assert.equal(job?.attempts, attempt);
      assert.equal(job?.last_error, `mail server down (attempt ${attempt})`);
      if (attempt < 3) {
        assert.equal(job?.status, 'queued');
        waits.push(Math.round((job!.run_at.getTime() - before) / 1000));
        assert.equal(await queue.drain(), 0, 'not retried before the back-off is over');
        await makeDue(name);
      } else {
        assert.equal(job?.status, 'failed');
        assert.ok(job?.finished_at instanceof Date);
      }
    }
    assert.ok(Math.abs(waits[0]! - 30) <= 2 && Math.abs(waits[1]! - 60) <= 2, `back-off ${waits.join(', ')} s`);
    assert.equal(await queue.drain(), 0, 'a failed job is never run again');
    assert.equal(calls, 3);
  });

  test('a job left running by a worker that crashed is picked up again once its lease runs out', async () => {
    const { app } = await testWorld();
    const name = jobName('crashed');
    const id = newId();
    await app.db
      .insertInto('jobs')
      .values({
        id,
        name,
        payload: JSON.stringify({ n: 1 }),
        status: 'running',
        attempts: 1,
        locked_by: 'dead-host:123:gone',
        locked_until: sql<Date>`now() - interval '1 minute'`,
        run_at: sql<Date>`now() - interval '6 minutes'`,
      })
      .execute();
    const stillLeased = newId();
    await app.db
      .insertInto('jobs')
      .values({
        id: stillLeased,
        name,
        payload: '{}',
        status: 'running',
        attempts: 1,
        locked_by: 'busy-host:456:alive',
        locked_until: sql<Date>`now() + interval '4 minutes'`,
      })
      .execute();

    const ran: unknown[] = [];
    const restarted = await queueFor([name, async (payload) => void ran.push(payload)]);
    assert.equal(await restarted.drain(), 1);
    assert.deepEqual(ran, [{ n: 1 }]);
    const rows = await jobsNamed(name);
    const recovered = rows.find((row) => row.id === id);
    assert.deepEqual([recovered?.status, recovered?.attempts, recovered?.locked_by], ['done', 2, restarted.workerId]);
    assert.equal(
      rows.find((row) => row.id === stillLeased)?.status,
      'running',
      'a job another worker still holds is left alone',
    );
  });

  test('a singleton key keeps a second copy out of the queue, until the first has run', async () => {
    const { app } = await testWorld();
    const name = jobName('singleton');
    const key = `test-key-${newId()}`;
    let runs = 0;
    const queue = await queueFor([
      name,
      async () => {
        runs += 1;
      },
    ]);
    await enqueueJob(app.db, name, { copy: 1 }, { singletonKey: key });
    await enqueueJob(app.db, name, { copy: 2 }, { singletonKey: key });
    assert.deepEqual(
      (await jobsNamed(name)).map((job) => job.payload),
      [{ copy: 1 }],
    );
    assert.equal(await queue.drain(), 1);
    await enqueueJob(app.db, name, { copy: 3 }, { singletonKey: key });
    assert.equal(await queue.drain(), 1);
    assert.equal(runs, 2);
    assert.deepEqual(
      (await jobsNamed(name)).map((job) => [job.payload, job.status]),
      [
        [{ copy: 1 }, 'done'],
        [{ copy: 3 }, 'done'],
      ],
    );
  });

  test('two workers draining the same queue at once run each job exactly once between them', async () => {
    const { app } = await testWorld();
    const name = jobName('shared');
    const runs = new Map<number, string[]>();
    const handler = (worker: string) => async (payload: Record<string, unknown>) => {
      const n = Number(payload.n);
      runs.set(n, [...(runs.get(n) ?? []), worker]);
      await sleep(2);
    };
    const first = await queueFor([name, handler('first')]);
    const second = await queueFor([name, handler('second')]);
    for (let n = 0; n < 30; n += 1) {
      await enqueueJob(app.db, name, { n });
    }
    const [byFirst, bySecond] = await Promise.all([first.drain(), second.drain()]);
    assert.equal(byFirst + bySecond, 30);
    assert.equal(runs.size, 30);
    for (const [n, workers] of runs) {
      assert.equal(workers.length, 1, `job ${n} ran ${workers.length} times`);
    }
    assert.ok((await jobsNamed(name)).every((job) => job.status === 'done' && job.attempts === 1));
  });

  test('stopping a worker with a backlog waits for the job in hand only; the rest stay queued for the next process', async () => {
    const { app } = await testWorld();
    const name = jobName('backlog');
    let started = 0;
    const queue = await queueFor([
      name,
      async () => {
        started += 1;
        await sleep(40);
      },
    ]);
    for (let n = 0; n < 20; n += 1) {
      await enqueueJob(app.db, name, { n });
    }
    await queue.start();
    while (started === 0) {
      await sleep(5);
    }
    const stopping = Date.now();
    await queue.stop();
    assert.ok(Date.now() - stopping < 400, `stop took ${Date.now() - stopping} ms`);
    const jobs = await jobsNamed(name);
    const done = jobs.filter((job) => job.status === 'done').length;
    assert.ok(done >= 1 && done <= 2, `${done} jobs ran before the worker stopped`);
    assert.equal(jobs.filter((job) => job.status === 'queued').length, 20 - done, 'nothing was left half-run');
    await queue.drain();
  });

  test('a daily job is scheduled once however often workers start, and queues its next run after each run', async () => {
    const { app } = await testWorld();
    const name = jobName('daily');
    let runs = 0;
    const workers = [new JobQueue(app.db, silent), new JobQueue(app.db, silent)];
    for (const worker of workers) {
      worker.registerDaily(name, '02:30', async () => {
        runs += 1;
      });
      await worker.scheduleDailyJobs();
      await worker.scheduleDailyJobs();
    }
    let jobs = await jobsNamed(name);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]?.singleton_key, `daily:${name}`);
    assertNextNightAt0230(jobs[0]!.run_at);

    await makeDue(name);
    assert.equal(await workers[0]!.drain(), 1);
    assert.equal(runs, 1);
    jobs = await jobsNamed(name);
    assert.deepEqual(
      jobs.map((job) => job.status),
      ['done', 'queued'],
    );
    assertNextNightAt0230(jobs[1]!.run_at);
    assert.equal(await workers[1]!.drain(), 0, 'not run again today');
  });

  test('a daily job that keeps failing still gets tomorrow’s run', async () => {
    const { app } = await testWorld();
    const name = jobName('daily-failing');
    const queue = new JobQueue(app.db, silent);
    queue.registerDaily(name, '02:30', async () => {
      throw new Error('disk full');
    });
    await enqueueJob(app.db, name, {}, { singletonKey: `daily:${name}`, maxAttempts: 1 });
    assert.equal(await queue.drain(), 1);
    const jobs = await jobsNamed(name);
    assert.deepEqual(
      jobs.map((job) => job.status),
      ['failed', 'queued'],
    );
    assertNextNightAt0230(jobs[1]!.run_at);
  });
});
