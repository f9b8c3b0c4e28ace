import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testWorld } from '../../../test/helpers/test-app.ts';
import { newId } from '../../lib/ids.ts';
import { sweepOutbox } from '../notify/notifier.ts';
import { enqueueJob } from './queue.ts';

const DAY = 86_400_000;

describe('the nightly sweep', () => {
  test('deletes sent and failed emails older than OUTBOX_RETENTION_DAYS (90 by default); newer, pending and kept ones stay', async () => {
    const { app, config, runJobs } = await testWorld();
    assert.equal(config.outboxRetentionDays, 90);
    const tag = newId().slice(-8);
    const message = async (status: 'sent' | 'failed' | 'pending' | 'kept', daysAgo: number) => {
      const id = newId();
      const at = new Date(Date.now() - daysAgo * DAY);
      await app.db
        .insertInto('outbox_messages')
        .values({
          id,
          recipient: `${status}.${daysAgo}.${tag}@example.test`,
          subject: 'Hello',
          body: 'A message',
          transport: 'test',
          status,
          created_at: at,
          sent_at: status === 'sent' ? at : null,
        })
        .execute();
      return id;
    };
    const oldSent = await message('sent', 91);
    const oldFailed = await message('failed', 120);
    const recentSent = await message('sent', 10);
    const oldPending = await message('pending', 200);
    const oldKept = await message('kept', 200);

    // The registered daily job, run now, as the worker would at 02:30.
    await enqueueJob(app.db, 'platform.nightly-sweep');
    await runJobs();

    const left = await app.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('recipient', 'like', `%.${tag}@example.test`)
      .execute();
    assert.deepEqual(new Set(left.map((row) => row.id)), new Set([recentSent, oldPending, oldKept]));
    assert.ok(![oldSent, oldFailed].some((id) => left.some((row) => row.id === id)));
  });

  test('the retention period is a parameter: a shorter one removes more', async () => {
    const { app } = await testWorld();
    const id = newId();
    const at = new Date(Date.now() - 10 * DAY);
    await app.db
      .insertInto('outbox_messages')
      .values({
        id,
        recipient: `short.${id}@example.test`,
        subject: 'Hello',
        body: 'A message',
        transport: 'test',
        status: 'sent',
        created_at: at,
        sent_at: at,
      })
      .execute();
    await sweepOutbox(app.db, 30);
    assert.ok(
      await app.db.selectFrom('outbox_messages').select('id').where('id', '=', id).executeTakeFirst(),
      'kept at 30 days',
    );
    assert.ok((await sweepOutbox(app.db, 7)) >= 1);
    assert.equal(
      await app.db.selectFrom('outbox_messages').select('id').where('id', '=', id).executeTakeFirst(),
      undefined,
    );
  });
});
