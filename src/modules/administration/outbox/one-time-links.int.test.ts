import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../../test/helpers/test-app.ts';
import { ONE_TIME_LINK_PLACEHOLDER } from '../../../platform/notify/notifier.ts';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** Every outbox row to `recipient`, every column as text, as someone reading the table would see it. */
async function outboxRowsTo(world: TestWorld, recipient: string): Promise<string[]> {
  const rows = await world.app.db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('recipient', '=', recipient.toLowerCase())
    .execute();
  return rows.map((row) => JSON.stringify(row));
}

/** The one-time link the transport delivered to `recipient`, and the token in it. */
function deliveredLink(world: TestWorld, recipient: string, prefix: string): { path: string; token: string } {
  const body = world.email.lastTo(recipient)?.body ?? '';
  const match = new RegExp(`${world.config.baseUrl}(${prefix}([\\w-]+))`).exec(body);
  assert.ok(match?.[1] && match[2], `the delivered email to ${recipient} carries a ${prefix} link:\n${body}`);
  return { path: match[1], token: match[2] };
}

/** Checks the outbox keeps the placeholder and no trace of the token, in the table and on the admin pages. */
async function assertOutboxHasNoLiveToken(world: TestWorld, recipient: string, token: string): Promise<void> {
  const rows = await outboxRowsTo(world, recipient);
  assert.equal(rows.length, 1);
  assert.ok(!rows[0]?.includes(token), 'the outbox row holds no live token');
  assert.ok(rows[0]?.includes(ONE_TIME_LINK_PLACEHOLDER), 'the stored body says where the link was');
  assert.match(rows[0] ?? '', /"one_time_link":null/, 'the encrypted link is gone once delivered');
  const id = JSON.parse(rows[0] ?? '{}').id as string;
  const admin = await buildPerson(world.app.db, { admin: true, totpSecret: TOTP_SECRET, config: world.config });
  const agent = await signIn(world.app, admin);
  for (const url of ['/admin/outbox', `/admin/outbox/${id}`]) {
    const page = await agent.get(url);
    assert.equal(page.statusCode, 200, url);
    assert.ok(!page.body.includes(token), `${url} shows no live token`);
  }
  const message = await agent.get(`/admin/outbox/${id}`);
  assert.ok(message.body.includes(ONE_TIME_LINK_PLACEHOLDER), 'the administrator sees the placeholder');
}

describe('the outbox keeps no live one-time link', () => {
  test('password reset: the recipient gets a working link; the outbox and its pages only a placeholder', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const person = await buildPerson(world.app.db, { roles: [[practiceId, 'receptionist']] });
    assert.equal((await new Agent(world.app).postForm('/password-reset', { email: person.email })).statusCode, 200);
    await world.runJobs();
    const { path, token } = deliveredLink(world, person.email, '/password-reset/');
    await assertOutboxHasNoLiveToken(world, person.email, token);
    assert.equal((await new Agent(world.app).get(path)).statusCode, 200, 'the link still works for the recipient');
  });

  test('invitation: the invited person gets a working link; the outbox keeps only a placeholder', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    const email = uniqueEmail('invited');
    const sent = await manager.postForm(`/organisations/${practiceId}/members/invite`, { email, role: 'champion' });
    assert.equal(sent.statusCode, 303);
    await world.runJobs();
    const { path, token } = deliveredLink(world, email, '/invitations/');
    await assertOutboxHasNoLiveToken(world, email, token);
    assert.equal((await new Agent(world.app).get(path)).statusCode, 200, 'the invitation link still works');
  });

  test('provider update: the provider gets a working link; the outbox keeps only a placeholder', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const serviceId = await buildService(world.app.db, { ownerId: practiceId, name: 'Lantern Café', stale: true });
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    const email = uniqueEmail('provider');
    const sent = await manager.postForm(`/directory/services/${serviceId}/provider-link`, { email });
    assert.equal(sent.statusCode, 303);
    await world.runJobs();
    const { path, token } = deliveredLink(world, email, '/directory/provider/');
    await assertOutboxHasNoLiveToken(world, email, token);
    const form = await new Agent(world.app).get(path);
    assert.equal(form.statusCode, 200, 'the provider link still works');
    assert.match(form.body, /Lantern Café/);
  });
});
