import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import { systemContext } from '../../../platform/context.ts';
import { FLORENCE, signpostingWorld } from '../shared/signposting.fixtures.ts';
import { introductionContactOf } from './people.service.ts';

async function auditActions(personId: string): Promise<string[]> {
  const { app } = await testWorld();
  const rows = await app.db
    .selectFrom('audit_events')
    .select('action')
    .where('subject_id', '=', personId)
    .orderBy('at')
    .execute();
  return rows.map((row) => row.action);
}

describe('people being helped', () => {
  test('a receptionist adds, finds, views and changes a person; bad input keeps what was typed; every access is audited', async () => {
    const { app } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const base = `/organisations/${world.practiceId}/people`;
    assert.equal((await reception.get(`${base}/new`)).statusCode, 200);

    const badNhs = await reception.postForm(`${base}/new`, { ...FLORENCE, nhsNumber: '999 000 0019' });
    assert.equal(badNhs.statusCode, 400);
    assert.match(badNhs.body, /Enter a valid 10-digit NHS number/);
    assert.match(badNhs.body, /value="Florence"/);
    assert.match(badNhs.body, /value="999 000 0019"/);
    const noPhone = await reception.postForm(`${base}/new`, { ...FLORENCE, phone: '' });
    assert.equal(noPhone.statusCode, 400);
    assert.match(noPhone.body, /Enter their phone number/);
    const badDate = await reception.postForm(`${base}/new`, { ...FLORENCE, 'dateOfBirth[month]': '13' });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /Date of birth must be a real date/);

    const created = await reception.postForm(`${base}/new`, FLORENCE);
    assert.equal(created.statusCode, 303);
    const personHref = String(created.headers.location).replace(/\?.*$/, '');
    const personId = personHref.split('/').pop() as string;
    const again = await reception.postForm(`${base}/new`, { ...FLORENCE, givenName: 'Flo' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already recorded/);
    assert.match(again.body, /value="Flo"/);

    const byNumber = await reception.get(`${base}?nhsNumber=9990000018`);
    assert.equal(byNumber.statusCode, 200);
    assert.match(byNumber.body, /Florence Nightwood/);
    const byName = await reception.get(
      `${base}?givenName=FLORENCE&familyName=nightwood&dateOfBirth%5Bday%5D=14&dateOfBirth%5Bmonth%5D=03&dateOfBirth%5Byear%5D=1934`,
    );
    assert.match(byName.body, /Florence Nightwood/);
    const nobody = await reception.get(`${base}?nhsNumber=999+000+0026`);
    assert.match(nobody.body, /No one found|Enter a valid/);
    const half = await reception.get(`${base}?givenName=Florence`);
    assert.equal(half.statusCode, 400);
    assert.match(half.body, /value="Florence"/);

    const shown = await reception.get(personHref);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /999 000 0018/);
    assert.match(shown.body, /Text message/);
    assert.equal((await reception.get(`${personHref}/edit`)).statusCode, 200);
    const changed = await reception.postForm(`${personHref}/edit`, { ...FLORENCE, phone: '07700 900 462' });
    assert.equal(changed.statusCode, 303);
    assert.match((await reception.get(personHref)).body, /07700 900 462/);

    assert.deepEqual(await auditActions(personId), [
      'person.created',
      'person.searched',
      'person.searched',
      'person.viewed',
      'person.edit-form-viewed',
      'person.updated',
      'person.viewed',
    ]);
  });

  test('champions, coordinators and managers never see people; another practice gets 404 on every route', async () => {
    const { app } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const base = `/organisations/${world.practiceId}/people`;
    const created = await reception.postForm(`${base}/new`, FLORENCE);
    const personHref = String(created.headers.location).replace(/\?.*$/, '');
    const pages = [base, `${base}?nhsNumber=9990000018`, `${base}/new`, personHref, `${personHref}/edit`];
    for (const who of [world.champion, world.coordinator, world.manager, world.commissioner]) {
      const agent = await signIn(app, who);
      for (const url of pages) {
        const status = (await agent.get(url)).statusCode;
        assert.ok(status === 403 || status === 404, `${url} ${status}`);
        assert.doesNotMatch((await agent.get(url)).body, /Nightwood/);
      }
      const posted = await agent.postForm(`${personHref}/edit`, FLORENCE);
      assert.ok(posted.statusCode === 403 || posted.statusCode === 404);
    }
    const other = await signIn(app, world.otherReceptionist);
    for (const url of pages) {
      assert.equal((await other.get(url)).statusCode, 404, url);
    }
    assert.equal((await other.postForm(`${base}/new`, FLORENCE)).statusCode, 404);
    assert.equal((await other.postForm(`${personHref}/edit`, FLORENCE)).statusCode, 404);
    // Their own practice's people page is theirs; Florence is not in it.
    const own = await other.get(`/organisations/${world.otherPracticeId}/people?nhsNumber=9990000018`);
    assert.match(own.body, /No one found/);
  });

  test('an activity lead would see only a first name and the chosen contact method', async () => {
    const { app, config } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const created = await reception.postForm(`/organisations/${world.practiceId}/people/new`, FLORENCE);
    const personId = String(created.headers.location).replace(/\?.*$/, '').split('/').pop() as string;
    const ctx = systemContext({ db: app.db, config, notifier: app.services.notifier, log: app.log });
    const seen = await introductionContactOf(ctx, trustedScope([world.practiceId], 'linked'), personId);
    assert.deepEqual(seen, { firstName: 'Florence', contactMethod: 'text', contact: '07700 900 461' });
  });
});
