import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { Agent, signIn } from '../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../test/helpers/test-app.ts';
import { newId } from '../../lib/ids.ts';
import { JobQueue } from '../jobs/queue.ts';
import { DELIVER_JOB, Notifier, OutboxOnlyTransport } from './notifier.ts';

const silent = pino({ level: 'silent' });
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** Delivers anything other tests left waiting, so this test's jobs are the only ones due. */
async function quietOutbox(world: TestWorld): Promise<void> {
  await world.runJobs();
  world.email.failNext = 0;
}

function outboxRow(world: TestWorld, id: string) {
  return world.app.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function deliveryJob(world: TestWorld, messageId: string) {
  return world.app.db
    .selectFrom('jobs')
    .selectAll()
    .where('name', '=', DELIVER_JOB)
    .where(sql<string>`payload->>'messageId'`, '=', messageId)
    .executeTakeFirstOrThrow();
}

function aMessage(subject = `Test message ${newId().slice(-8)}`) {
  return {
    to: uniqueEmail('recipient'),
    subject,
    body: `Hello,\n\nFollow this link: http://thirdspace.test/x/${newId()}\n`,
  };
}

describe('notifier: the outbox', () => {
  test('an email is kept in the outbox with the change that caused it, and only if that change commits', async () => {
    const world = await testWorld();
    await quietOutbox(world);
    const { notifier } = world.app.services;
    const organisationId = await buildPractice(world.app.db);

    const kept = aMessage();
    const id = await world.app.db.transaction().execute(async (tx) => {
      const messageId = await notifier.sendEmail(tx, { ...kept, organisationId });
      assert.ok(
        await tx.selectFrom('outbox_messages').select('id').where('id', '=', messageId).executeTakeFirst(),
        'visible inside the transaction',
      );
      return messageId;
    });
    const row = await outboxRow(world, id);
    assert.deepEqual(
      [row.status, row.recipient, row.organisation_id, row.transport, row.attempts, row.sent_at],
      ['pending', kept.to, organisationId, 'test', 0, null],
    );
    assert.equal((await deliveryJob(world, id)).status, 'queued');

    const dropped = aMessage();
    await assert.rejects(
      world.app.db.transaction().execute(async (tx) => {
        await notifier.sendEmail(tx, dropped);
        throw new Error('the invitation could not be saved');
      }),
      /could not be saved/,
    );
    assert.equal(
      await world.app.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('recipient', '=', dropped.to)
        .executeTakeFirst(),
      undefined,
    );

    assert.equal(await world.runJobs(), 1);
    const sent = await outboxRow(world, id);
    assert.deepEqual([sent.status, sent.attempts, sent.last_error], ['sent', 1, null]);
    assert.ok(sent.sent_at instanceof Date);
    assert.deepEqual(world.email.lastTo(kept.to), { to: kept.to, subject: kept.subject, body: kept.body });
    assert.equal(world.email.lastTo(dropped.to), undefined);
    assert.equal(await world.runJobs(), 0, 'sent once');
  });

  test('when the mail server fails, the email waits with the reason and a later retry sends it', async () => {
    const world = await testWorld();
    await quietOutbox(world);
    const message = aMessage();
    const id = await world.app.services.notifier.sendEmail(world.app.db, message);
    world.email.failNext = 1;
    await world.runJobs();

    const waiting = await outboxRow(world, id);
    assert.deepEqual([waiting.status, waiting.attempts, waiting.last_error], ['pending', 1, 'SMTP server unavailable']);
    assert.equal(world.email.lastTo(message.to), undefined);
    const job = await deliveryJob(world, id);
    assert.equal(job.status, 'queued');
    assert.ok(job.run_at.getTime() > Date.now() + 20_000, 'retried later, not straight away');
    assert.equal(await world.runJobs(), 0);

    await world.app.db.updateTable('jobs').set({ run_at: sql<Date>`now()` }).where('id', '=', job.id).execute();
    assert.equal(await world.runJobs(), 1);
    const sent = await outboxRow(world, id);
    assert.deepEqual([sent.status, sent.attempts, sent.last_error], ['sent', 2, null]);
    assert.equal(world.email.lastTo(message.to)?.subject, message.subject);
  });

  test('an email that cannot be delivered after every attempt is marked failed', async () => {
    const world = await testWorld();
    await quietOutbox(world);
    const id = await world.app.services.notifier.sendEmail(world.app.db, aMessage());
    const job = await deliveryJob(world, id);
    world.email.failNext = job.max_attempts;
    for (let attempt = 1; attempt <= job.max_attempts; attempt += 1) {
      await world.app.db
        .updateTable('jobs')
        .set({ run_at: sql<Date>`now()` })
        .where('id', '=', job.id)
        .where('status', '=', 'queued')
        .execute();
      assert.equal(await world.runJobs(), 1, `attempt ${attempt}`);
    }
    const row = await outboxRow(world, id);
    assert.deepEqual(
      [row.status, row.attempts, row.last_error],
      ['failed', job.max_attempts, 'SMTP server unavailable'],
    );
    assert.equal((await deliveryJob(world, id)).status, 'failed');
  });

  test('with the outbox-only transport, emails are kept for reading rather than sent', async () => {
    const world = await testWorld();
    await quietOutbox(world);
    const notifier = new Notifier(new OutboxOnlyTransport(), world.config.security.encryptionKey);
    const queue = new JobQueue(world.app.db, silent);
    notifier.registerJobs(queue, world.app.db, silent);
    const message = aMessage();
    const id = await notifier.sendEmail(world.app.db, message);
    assert.equal(await queue.drain(), 1);
    const row = await outboxRow(world, id);
    assert.deepEqual([row.status, row.transport, row.sent_at, row.attempts], ['kept', 'outbox', null, 1]);
    assert.equal(world.email.lastTo(message.to), undefined);
  });
});

describe('notifier: administrators read the outbox', () => {
  test('an administrator sees the outbox, newest first, and can open a message to read its body', async () => {
    const world = await testWorld();
    const admin = await buildPerson(world.app.db, { admin: true, totpSecret: TOTP_SECRET, config: world.config });
    const message = {
      ...aMessage(`Your invitation ${newId().slice(-6)}`),
      body: 'Hello <b>Sam</b>,\n\nJoin here: http://thirdspace.test/invitations/abc123\n',
    };
    const id = await world.app.services.notifier.sendEmail(world.app.db, message);
    const newer = aMessage(`Later message ${newId().slice(-6)}`);
    await world.app.services.notifier.sendEmail(world.app.db, newer);
    const agent = await signIn(world.app, admin);

    const outbox = await agent.get('/admin/outbox');
    assert.equal(outbox.statusCode, 200);
    assert.ok(outbox.body.includes(message.to));
    assert.ok(outbox.body.includes(`<a href="/admin/outbox/${id}">${message.subject}</a>`));
    assert.ok(outbox.body.indexOf(newer.subject) < outbox.body.indexOf(message.subject), 'newest first');
    const viewed = await world.app.db
      .selectFrom('audit_events')
      .select('actor_user_id')
      .where('request_id', '=', String(outbox.headers['x-request-id']))
      .where('action', '=', 'outbox.viewed')
      .executeTakeFirst();
    assert.equal(viewed?.actor_user_id, admin.id);

    const read = await agent.get(`/admin/outbox/${id}`);
    assert.equal(read.statusCode, 200);
    assert.match(read.body, /Join here: http:\/\/thirdspace\.test\/invitations\/abc123/);
    assert.match(read.body, /Hello &lt;b&gt;Sam&lt;\/b&gt;/, 'the body is shown as text, not as HTML');
    assert.ok(read.body.includes(message.to));
    const audit = await world.app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'subject_id'])
      .where('request_id', '=', String(read.headers['x-request-id']))
      .where('action', '=', 'outbox.message-read')
      .executeTakeFirst();
    assert.deepEqual(audit, { actor_user_id: admin.id, subject_id: id });

    assert.equal((await agent.get(`/admin/outbox/${newId()}`)).statusCode, 404);
    assert.equal((await agent.get('/admin/outbox/not-an-id')).statusCode, 404);
  });

  test('nobody else may read the outbox', async () => {
    const world = await testWorld();
    const id = await world.app.services.notifier.sendEmail(world.app.db, aMessage());
    const practiceId = await buildPractice(world.app.db);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    for (const url of ['/admin/outbox', `/admin/outbox/${id}`]) {
      const refused = await manager.get(url);
      assert.equal(refused.statusCode, 403, url);
      assert.ok(!refused.body.includes('Email outbox'));
      const anonymous = await new Agent(world.app).get(url);
      assert.equal(anonymous.statusCode, 303);
      assert.equal(anonymous.headers.location, `/sign-in?returnTo=${encodeURIComponent(url)}`);
    }
  });

  test('an administrator without two-factor authentication is sent to set it up before seeing the outbox', async () => {
    const world = await testWorld();
    const admin = await signIn(world.app, await buildPerson(world.app.db, { admin: true }));
    const response = await admin.get('/admin/outbox');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/account/two-factor');
  });
});
