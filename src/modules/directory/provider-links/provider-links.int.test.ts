import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { hashToken } from '../../../lib/ids.ts';

/** Sends the provider a link by the staff page and returns its path from the email. */
async function sendLink(staff: Agent, serviceId: string, address: string): Promise<string> {
  const { email, runJobs } = await testWorld();
  assert.equal(
    (await staff.postForm(`/directory/services/${serviceId}/provider-link`, { email: address })).statusCode,
    303,
  );
  await runJobs();
  const link = /http:\/\/thirdspace\.test(\/directory\/provider\/[\w-]+)/.exec(email.lastTo(address)?.body ?? '')?.[1];
  assert.ok(link, `the email to ${address} carries a link`);
  return link;
}

describe('provider update links', () => {
  test('a link stops working once it has expired', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Bereavement café', stale: true });
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const link = await sendLink(manager, serviceId, 'cafe.expiry@example.org');
    const provider = new Agent(app);
    assert.equal((await provider.get(link)).statusCode, 200);

    const token = link.split('/').at(-1) as string;
    await app.db
      .updateTable('dir_provider_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashToken(token))
      .execute();
    assert.equal((await provider.get(link)).statusCode, 404);
    assert.equal(
      (await provider.postForm(`${link}/confirm`, {})).headers.location,
      '/directory/provider-thanks?sent=expired',
    );
    const changes = await provider.postForm(link, {
      name: 'Bereavement café',
      status: 'active',
      cost: 'free',
      comment: 'Still running',
    });
    assert.equal(changes.statusCode, 404);
    assert.match(changes.body, /This link has expired or has already been used/);
    const service = await app.db
      .selectFrom('dir_services')
      .select(['stale', 'verification_method'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.stale, true, 'an expired link verifies nothing');
    assert.equal(
      (await app.db.selectFrom('dir_change_proposals').select('id').where('service_id', '=', serviceId).execute())
        .length,
      0,
      'and proposes nothing',
    );
  });

  test('a new link replaces an unused one: only the newest works', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Carers’ coffee', stale: true });
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const first = await sendLink(manager, serviceId, 'old.contact@example.org');
    const second = await sendLink(manager, serviceId, 'new.contact@example.org');
    const provider = new Agent(app);
    assert.equal((await provider.get(first)).statusCode, 404, 'the first link no longer works');
    assert.equal(
      (await provider.postForm(`${first}/confirm`, {})).headers.location,
      '/directory/provider-thanks?sent=expired',
    );
    assert.equal((await provider.get(second)).statusCode, 200);
    assert.equal((await provider.postForm(`${second}/confirm`, {})).statusCode, 303);
    const service = await app.db
      .selectFrom('dir_services')
      .select(['stale', 'verification_method', 'assurer_email'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(service, {
      stale: false,
      verification_method: 'provider',
      assurer_email: 'new.contact@example.org',
    });
  });
});
