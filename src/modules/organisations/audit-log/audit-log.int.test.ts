import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { type TestWorld, testAppWith, testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import type { Database } from '../../../platform/db/schema.ts';

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

/** The one audit row a request wrote with `action`, found by the id in the response header. */
async function auditFor(db: Kysely<Database>, response: { headers: Record<string, unknown> }, action: string) {
  const requestId = response.headers['x-request-id'];
  assert.equal(typeof requestId, 'string', 'the response names its request');
  const rows = await db
    .selectFrom('audit_events')
    .selectAll()
    .where('request_id', '=', requestId as string)
    .where('action', '=', action)
    .execute();
  assert.equal(rows.length, 1, `one ${action} event for request ${String(requestId)}`);
  return rows[0]!;
}

function assertRecent(at: Date, since: number): void {
  assert.ok(at.getTime() >= since - 5_000 && at.getTime() <= Date.now() + 5_000, `time ${at.toISOString()} is now`);
}

async function practiceWithManager(world: TestWorld) {
  const practiceId = await buildPractice(world.app.db);
  const manager = await buildPerson(world.app.db, {
    roles: [[practiceId, 'practice_manager']],
    displayName: 'Morgan Manager',
  });
  return { practiceId, manager, agent: await signIn(world.app, manager) };
}

/** Adds audit rows directly (INSERT is allowed; only UPDATE and DELETE are refused). */
async function insertEvents(
  db: Kysely<Database>,
  organisationId: string,
  actorUserId: string,
  action: string,
  times: Date[],
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      times.map((at) => ({
        id: newId(),
        at,
        actor_user_id: actorUserId,
        action,
        subject_type: 'test',
        subject_id: newId(),
        organisation_id: organisationId,
        request_id: null,
        ip: null,
        details: '{}',
      })),
    )
    .execute();
}

describe('audit log: what is recorded', () => {
  test('role changes, invitations and looking at the member list are recorded with who, what, where, when and the request', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const colleague = await buildPerson(world.app.db, { roles: [[practiceId, 'clinician']] });
    const since = Date.now();

    const granted = await auditFor(
      world.app.db,
      await agent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles`, { role: 'safeguarding_lead' }),
      'role.granted',
    );
    assert.equal(granted.actor_user_id, manager.id);
    assert.equal(granted.subject_type, 'user');
    assert.equal(granted.subject_id, colleague.id);
    assert.equal(granted.organisation_id, practiceId);
    assert.deepEqual(granted.details, { role: 'safeguarding_lead' });
    assertRecent(granted.at, since);

    const removed = await auditFor(
      world.app.db,
      await agent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles/remove`, { role: 'clinician' }),
      'role.removed',
    );
    assert.deepEqual(
      [removed.actor_user_id, removed.subject_id, removed.organisation_id, removed.details],
      [manager.id, colleague.id, practiceId, { role: 'clinician' }],
    );

    const email = uniqueEmail('invitee');
    const inviteResponse = await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email,
      role: 'champion',
    });
    const invited = await auditFor(world.app.db, inviteResponse, 'invitation.created');
    assert.deepEqual(
      [invited.actor_user_id, invited.subject_type, invited.subject_id, invited.organisation_id],
      [manager.id, 'invitation', JSON.parse(inviteResponse.body).id, practiceId],
    );
    assert.ok(!JSON.stringify(invited.details).includes(email), 'no email address in the details');

    const viewed = await auditFor(
      world.app.db,
      await agent.get(`/organisations/${practiceId}/members`),
      'members.viewed',
    );
    assert.deepEqual(
      [viewed.actor_user_id, viewed.subject_id, viewed.organisation_id, viewed.ip],
      [manager.id, practiceId, practiceId, agent.ip],
    );
    assertRecent(viewed.at, since);
    const viaApi = await auditFor(
      world.app.db,
      await agent.get(`/api/organisations/${practiceId}/members`),
      'members.viewed',
    );
    assert.equal(viaApi.actor_user_id, manager.id);

    await world.runJobs();
    const link = /\/invitations\/[\w-]+/.exec(world.email.lastTo(email)?.body ?? '')?.[0];
    assert.ok(link);
    const newcomer = new Agent(world.app);
    const acceptance = await newcomer.postForm(link, {
      displayName: 'Ike Invitee',
      password: 'juniper ladder mosaic',
      confirmPassword: 'juniper ladder mosaic',
    });
    const accepted = await auditFor(world.app.db, acceptance, 'invitation.accepted');
    const me = JSON.parse((await newcomer.get('/api/me')).body);
    assert.deepEqual(
      [accepted.actor_user_id, accepted.subject_id, accepted.organisation_id],
      [me.id, invited.subject_id, practiceId],
    );
    const joined = await auditFor(world.app.db, acceptance, 'role.granted');
    assert.deepEqual(joined.details, { role: 'champion', via: 'invitation' });
  });

  test('a sign-in is recorded against the person, with the request id a trusted proxy sent', async () => {
    const app = await testAppWith({ TRUST_PROXY: 'true' });
    const person = await buildPerson(app.db);
    const agent = new Agent(app);
    const since = Date.now();
    const payload = new URLSearchParams({
      email: person.email,
      password: person.password,
      _csrf: await agent.csrfToken(),
    }).toString();
    const response = await agent.request({
      method: 'POST',
      url: '/sign-in',
      payload,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': `proxy-${newId()}` },
    });
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers['x-request-id']), /^proxy-/);
    const event = await auditFor(app.db, response, 'sign-in.succeeded');
    assert.deepEqual(
      [event.actor_user_id, event.subject_type, event.subject_id, event.ip],
      [person.id, 'user', person.id, agent.ip],
    );
    assertRecent(event.at, since);
    // A sign-in is not tied to any one organisation.
    assert.equal(event.organisation_id, null);

    // A request id that is not a plain token is replaced, never stored as sent.
    const second = new Agent(app);
    const wrong = await second.request({
      method: 'POST',
      url: '/sign-in',
      payload: new URLSearchParams({
        email: person.email,
        password: 'wrong password here',
        _csrf: await second.csrfToken(),
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': '<script>' },
    });
    assert.notEqual(wrong.headers['x-request-id'], '<script>');
    const failed = await auditFor(app.db, wrong, 'sign-in.failed');
    assert.equal(failed.subject_id, person.id);
    assert.equal(failed.actor_user_id, null, 'a wrong password is not something the account holder did');
  });

  test('nobody can change or delete the audit trail, not even with direct database access', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const person = await buildPerson(app.db, { roles: [[practiceId, 'practice_manager']] });
    await insertEvents(app.db, practiceId, person.id, 'test.immutable', [new Date()]);
    const row = await app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('organisation_id', '=', practiceId)
      .where('action', '=', 'test.immutable')
      .executeTakeFirstOrThrow();

    await assert.rejects(
      app.db.updateTable('audit_events').set({ action: 'test.tampered' }).where('id', '=', row.id).execute(),
      /audit_events is append-only/,
    );
    await assert.rejects(
      app.db.deleteFrom('audit_events').where('id', '=', row.id).execute(),
      /audit_events is append-only/,
    );
    await assert.rejects(
      app.db.deleteFrom('audit_events').where('organisation_id', '=', practiceId).execute(),
      /audit_events is append-only/,
    );
    // In a transaction that is always rolled back, so a broken guard cannot empty the shared test database.
    await assert.rejects(
      app.db.transaction().execute(async (tx) => {
        await sql`truncate audit_events`.execute(tx);
        throw new Error('TRUNCATE was allowed');
      }),
      /audit_events is append-only/,
    );
    assert.deepEqual(
      await app.db.selectFrom('audit_events').selectAll().where('id', '=', row.id).executeTakeFirst(),
      row,
    );
  });
});

describe('audit log: searching', () => {
  test('looking at the audit log is itself recorded', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const page = await agent.get(`/organisations/${practiceId}/audit`);
    assert.equal(page.statusCode, 200);
    const viewed = await auditFor(world.app.db, page, 'audit.viewed');
    assert.deepEqual(
      [viewed.actor_user_id, viewed.subject_id, viewed.organisation_id],
      [manager.id, practiceId, practiceId],
    );
    const again = await agent.get(`/api/organisations/${practiceId}/audit-events?action=audit.viewed`);
    const body = JSON.parse(again.body);
    assert.equal(body.total, 1, 'the first look shows in the second');
    assert.equal(body.events[0].requestId, page.headers['x-request-id']);
    assert.equal(body.events[0].actorEmail, manager.email);
    assert.equal(body.events[0].organisationId, practiceId);
    assert.equal(typeof body.events[0].organisationName, 'string');
    assert.match(
      textOf((await agent.get(`/organisations/${practiceId}/audit?action=audit.viewed`)).body),
      new RegExp(`Action audit\\.viewed Organisation ${body.events[0].organisationName}`),
    );
  });

  test('filtering by action and by the email of the person who acted', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const other = await buildPerson(world.app.db, { roles: [[practiceId, 'coordinator']], displayName: 'Olu Other' });
    await insertEvents(world.app.db, practiceId, manager.id, 'test.alpha', [new Date(), new Date()]);
    await insertEvents(world.app.db, practiceId, other.id, 'test.alpha', [new Date()]);
    await insertEvents(world.app.db, practiceId, other.id, 'test.beta', [new Date()]);

    const byAction = textOf((await agent.get(`/organisations/${practiceId}/audit?action=TEST.ALPHA`)).body);
    assert.match(byAction, / 3 entries /);
    assert.doesNotMatch(byAction, /test\.beta/);

    const byActor = await agent.get(
      `/organisations/${practiceId}/audit?action=test.&actor=${encodeURIComponent(other.email.split('@')[0]!.toUpperCase())}`,
    );
    const text = textOf(byActor.body);
    assert.match(text, / 2 entries /);
    assert.match(text, /Olu Other \(/);
    assert.doesNotMatch(text, /Morgan Manager \(/);
    assert.match(
      byActor.body,
      new RegExp(`value="${other.email.split('@')[0]!.toUpperCase().replace(/\./g, '\\.')}"`),
      'the filter stays filled in',
    );

    const wildcard = JSON.parse(
      (await agent.get(`/api/organisations/${practiceId}/audit-events?action=${encodeURIComponent('%')}`)).body,
    );
    assert.equal(wildcard.total, 0, '% is matched literally, not as a wildcard');
  });

  test('dates are whole days in UK time, on both sides of the clock change', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    await insertEvents(world.app.db, practiceId, manager.id, 'test.dated', [
      new Date('2026-06-30T22:30:00Z'), // 30 June, 23:30 BST
      new Date('2026-06-30T23:30:00Z'), // 1 July, 00:30 BST
      new Date('2026-07-01T22:59:00Z'), // 1 July, 23:59 BST
      new Date('2026-07-01T23:00:00Z'), // 2 July, 00:00 BST
      new Date('2026-01-31T23:30:00Z'), // 31 January, 23:30 GMT
      new Date('2026-02-01T00:00:00Z'), // 1 February, 00:00 GMT
    ]);
    const search = async (query: string) =>
      JSON.parse((await agent.get(`/api/organisations/${practiceId}/audit-events?action=test.dated&${query}`)).body);

    const july = await search('from=2026-07-01&to=2026-07-01');
    assert.deepEqual(
      july.events.map((event: { at: string }) => event.at),
      ['2026-07-01T22:59:00.000Z', '2026-06-30T23:30:00.000Z'],
    );
    assert.equal((await search('from=2026-02-01&to=2026-02-01')).total, 1);
    assert.equal((await search('to=2026-01-31')).total, 1);
    assert.equal((await search('from=2026-07-02')).total, 1);
    assert.equal((await search('from=2026-01-31&to=2026-07-02')).total, 6);

    const page = textOf(
      (await agent.get(`/organisations/${practiceId}/audit?action=test.dated&from=2026-07-01&to=2026-07-01`)).body,
    );
    assert.match(page, / 2 entries /);
    assert.match(page, /1 Jul 2026, 23:59/);
    assert.match(page, /1 Jul 2026, 00:30/);
  });

  test('a date that is not real is refused with the search kept', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    for (const [from, to] of [
      ['2026-02-30', ''],
      ['next tuesday', '2026-13-01'],
    ] as const) {
      const page = await agent.get(
        `/organisations/${practiceId}/audit?action=role&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      );
      assert.equal(page.statusCode, 400, from);
      assert.match(page.body, /Enter a real date, like 2026-11-23/);
      assert.match(page.body, new RegExp(`value="${from}"`));
      assert.match(page.body, /value="role"/);
      assert.match(page.body, /<title>Error: /);
    }
    const api = await agent.get(`/api/organisations/${practiceId}/audit-events?from=2026-02-30`);
    assert.equal(api.statusCode, 400);
    assert.equal(JSON.parse(api.body).code, 'validation_failed');
  });

  test('the log shows 50 entries a page, newest first, with links that keep the search', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const start = Date.now() - 3_600_000;
    await insertEvents(
      world.app.db,
      practiceId,
      manager.id,
      'test.bulk',
      Array.from({ length: 120 }, (_, index) => new Date(start + index * 1_000)),
    );

    const first = await agent.get(`/organisations/${practiceId}/audit?action=test.bulk`);
    const firstText = textOf(first.body);
    assert.match(firstText, / 120 entries /);
    assert.equal(firstText.match(/test\.bulk/g)?.length, 50);
    assert.match(first.body, new RegExp(`href="/organisations/${practiceId}/audit\\?action=test\\.bulk&amp;page=2"`));
    assert.match(firstText, /2 of 3/);

    const last = await agent.get(`/organisations/${practiceId}/audit?action=test.bulk&page=3`);
    assert.equal(textOf(last.body).match(/test\.bulk/g)?.length, 20);
    assert.match(last.body, new RegExp(`href="/organisations/${practiceId}/audit\\?action=test\\.bulk&amp;page=2"`));

    const api = JSON.parse(
      (await agent.get(`/api/organisations/${practiceId}/audit-events?action=test.bulk&page=2`)).body,
    );
    assert.deepEqual([api.total, api.page, api.pages, api.events.length], [120, 2, 3, 50]);
    const times = api.events.map((event: { at: string }) => Date.parse(event.at));
    assert.deepEqual(
      times,
      [...times].sort((a: number, b: number) => b - a),
      'newest first',
    );
    assert.equal(times[0], start + 69_000);
  });

  test("a practice manager sees their members' sign-ins, and not those of other practices' people", async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const otherPractice = await buildPractice(world.app.db);
    const member = await buildPerson(world.app.db, { roles: [[practiceId, 'receptionist']] });
    const outsider = await buildPerson(world.app.db, { roles: [[otherPractice, 'receptionist']] });
    await signIn(world.app, member);
    await signIn(world.app, outsider);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    const log = await manager.get(`/api/organisations/${practiceId}/audit-events?action=sign-in.succeeded`);
    const subjects = (log.json().events as { subjectId: string }[]).map((event) => event.subjectId);
    assert.ok(subjects.includes(member.id));
    assert.ok(!subjects.includes(outsider.id));
  });
});
