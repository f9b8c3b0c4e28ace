import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import {
  buildArea,
  buildNetwork,
  buildPerson,
  buildPractice,
  uniqueEmail,
} from '../../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

async function signedInAdmin(world: TestWorld) {
  const admin = await buildPerson(world.app.db, { admin: true, totpSecret: TOTP_SECRET, config: world.config });
  return { admin, agent: await signIn(world.app, admin) };
}

/** An ODS-shaped code with `letter` first that no organisation uses yet. */
async function freeCode(world: TestWorld, letter: string): Promise<string> {
  for (;;) {
    const code = `${letter}${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    if (
      !(await world.app.db.selectFrom('organisations').select('id').where('ods_code', '=', code).executeTakeFirst())
    ) {
      return code;
    }
  }
}

function findByName(world: TestWorld, name: string) {
  return world.app.db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();
}

describe('administration: adding organisations', () => {
  test('an administrator adds a GP practice inside a network, and it is listed', async () => {
    const world = await testWorld();
    const { admin, agent } = await signedInAdmin(world);
    const networkId = await buildNetwork(world.app.db, { areaId: await buildArea(world.app.db) });
    const name = `Meadow Lane Surgery ${newId().slice(-6)}`;
    const code = await freeCode(world, 'B');

    const form = await agent.get('/admin/organisations/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<option value="${networkId}"`), 'the network is offered as a parent');
    const created = await agent.postForm('/admin/organisations/new', {
      kind: 'practice',
      subtype: 'gp_practice',
      name,
      odsCode: code.toLowerCase(),
      parentId: networkId,
      postcode: 'ls28 7aa',
    });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/admin/organisations?done=created');

    const row = await findByName(world, name);
    assert.deepEqual(
      [row?.kind, row?.subtype, row?.ods_code, row?.parent_id, row?.postcode],
      ['practice', 'gp_practice', code, networkId, 'LS28 7AA'],
    );
    const list = await agent.get(created.headers.location);
    assert.match(list.body, /Organisation created/);
    assert.ok(list.body.includes(name));
    const audit = await world.app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'action'])
      .where('subject_id', '=', row!.id)
      .execute();
    assert.deepEqual(audit, [{ actor_user_id: admin.id, action: 'organisation.created' }]);
  });

  test('a practice needs an ODS code like A81001; mistakes come back with everything typed kept', async () => {
    const world = await testWorld();
    const { agent } = await signedInAdmin(world);
    const name = `Hillside Practice ${newId().slice(-6)}`;
    const cases: [fields: Record<string, string>, message: RegExp, kept: RegExp[]][] = [
      [
        { kind: 'practice', subtype: 'gp_practice', name, odsCode: '' },
        /Enter the practice ODS code/,
        [new RegExp(`value="${name}"`)],
      ],
      [
        { kind: 'practice', subtype: 'gp_practice', name, odsCode: 'A8100' },
        /a letter followed by 5 numbers, like A81001/,
        [/value="A8100"/, new RegExp(`value="${name}"`)],
      ],
      [{ kind: 'practice', subtype: 'gp_practice', name, odsCode: '81001A' }, /like A81001/, [/value="81001A"/]],
      [
        { kind: 'practice', subtype: 'gp_practice', name: '', odsCode: 'A81001', postcode: 'nowhere' },
        /Enter the organisation name[\s\S]*Enter a full UK postcode/,
        [/value="A81001"/, /value="nowhere"/],
      ],
      [
        { subtype: 'gp_practice', name, odsCode: 'A81001' },
        /Select the kind of organisation/,
        [new RegExp(`value="${name}"`)],
      ],
      [
        { kind: 'practice', subtype: 'care_home', name, odsCode: 'A81001' },
        /Select a type that fits the kind of organisation/,
        [/value="care_home" selected/],
      ],
    ];
    for (const [fields, message, kept] of cases) {
      const response = await agent.postForm('/admin/organisations/new', fields);
      assert.equal(response.statusCode, 400, JSON.stringify(fields));
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, message);
      for (const pattern of kept) {
        assert.match(response.body, pattern, `${JSON.stringify(fields)} keeps ${pattern}`);
      }
    }
    assert.equal(await findByName(world, name), undefined);
  });

  test('a primary care network needs a code like U12345; other networks and programmes need none', async () => {
    const world = await testWorld();
    const { agent } = await signedInAdmin(world);
    const areaId = await buildArea(world.app.db);
    const name = `North Leeds PCN ${newId().slice(-6)}`;
    const wrong = await agent.postForm('/admin/organisations/new', {
      kind: 'network',
      subtype: 'pcn',
      name,
      odsCode: await freeCode(world, 'A'),
      parentId: areaId,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /U followed by 5 numbers, like U12345/);

    const code = await freeCode(world, 'U');
    assert.equal(
      (
        await agent.postForm('/admin/organisations/new', {
          kind: 'network',
          subtype: 'pcn',
          name,
          odsCode: code,
          parentId: areaId,
        })
      ).statusCode,
      303,
    );
    assert.deepEqual(
      [(await findByName(world, name))?.ods_code, (await findByName(world, name))?.parent_id],
      [code, areaId],
    );

    const federation = `City Federation ${newId().slice(-6)}`;
    assert.equal(
      (await agent.postForm('/admin/organisations/new', { kind: 'network', subtype: 'federation', name: federation }))
        .statusCode,
      303,
    );
    const programme = `Healthy Futures ${newId().slice(-6)}`;
    assert.equal(
      (await agent.postForm('/admin/organisations/new', { kind: 'programme', subtype: 'programme', name: programme }))
        .statusCode,
      303,
    );
    assert.equal((await findByName(world, programme))?.kind, 'programme');
  });

  test('an ODS code already in use is refused, with the form kept', async () => {
    const world = await testWorld();
    const { agent } = await signedInAdmin(world);
    const existing = await world.app.db
      .selectFrom('organisations')
      .select('ods_code')
      .where('id', '=', await buildPractice(world.app.db))
      .executeTakeFirstOrThrow();
    const name = `Copycat Surgery ${newId().slice(-6)}`;
    const response = await agent.postForm('/admin/organisations/new', {
      kind: 'practice',
      subtype: 'gp_practice',
      name,
      odsCode: existing.ods_code!.toLowerCase(),
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /An organisation with this ODS code already exists/);
    assert.match(response.body, new RegExp(`value="${name}"`));
    assert.match(response.body, new RegExp(`value="${existing.ods_code}"`));
    assert.equal(await findByName(world, name), undefined);
  });

  test('a practice may sit in a network or an area, but not inside another practice', async () => {
    const world = await testWorld();
    const { agent } = await signedInAdmin(world);
    const otherPractice = await buildPractice(world.app.db);
    const name = `Nested Surgery ${newId().slice(-6)}`;
    for (const parentId of [otherPractice, newId()]) {
      const refused = await agent.postForm('/admin/organisations/new', {
        kind: 'practice',
        subtype: 'gp_practice',
        name,
        odsCode: await freeCode(world, 'C'),
        parentId,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Select a parent that a practice can belong to/);
    }
    const areaChild = `Area Surgery ${newId().slice(-6)}`;
    const areaId = await buildArea(world.app.db);
    assert.equal(
      (
        await agent.postForm('/admin/organisations/new', {
          kind: 'practice',
          subtype: 'gp_practice',
          name: areaChild,
          odsCode: await freeCode(world, 'C'),
          parentId: areaId,
        })
      ).statusCode,
      303,
    );
    assert.equal((await findByName(world, areaChild))?.parent_id, areaId);
    assert.equal(await findByName(world, name), undefined);
  });

  test('only administrators may add organisations', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    const name = `Sneaky Surgery ${newId().slice(-6)}`;
    assert.equal((await manager.get('/admin/organisations/new')).statusCode, 403);
    assert.equal(
      (
        await manager.postForm('/admin/organisations/new', {
          kind: 'practice',
          subtype: 'gp_practice',
          name,
          odsCode: await freeCode(world, 'D'),
        })
      ).statusCode,
      403,
    );
    assert.equal((await new Agent(world.app).get('/admin/organisations')).statusCode, 303);
    assert.equal(await findByName(world, name), undefined);
  });
});

describe('administration: the first practice manager', () => {
  test('an administrator invites the first practice manager to a new practice, who joins and can manage it', async () => {
    const world = await testWorld();
    const { admin, agent } = await signedInAdmin(world);
    const name = `Brand New Surgery ${newId().slice(-6)}`;
    await agent.postForm('/admin/organisations/new', {
      kind: 'practice',
      subtype: 'gp_practice',
      name,
      odsCode: await freeCode(world, 'E'),
    });
    const practice = await findByName(world, name);
    assert.ok(practice);

    const form = await agent.get(`/admin/organisations/${practice.id}/invite`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="practice_manager"/);
    assert.doesNotMatch(form.body, /value="commissioner"|value="network_lead"/);

    const bad = await agent.postForm(`/admin/organisations/${practice.id}/invite`, {
      email: 'pat at surgery',
      role: 'practice_manager',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="pat at surgery"/);

    const email = uniqueEmail('first.manager');
    const sent = await agent.postForm(`/admin/organisations/${practice.id}/invite`, {
      email,
      role: 'practice_manager',
    });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/admin/organisations?done=invited');
    const audit = await world.app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'organisation_id'])
      .where('request_id', '=', String(sent.headers['x-request-id']))
      .where('action', '=', 'invitation.created')
      .executeTakeFirst();
    assert.deepEqual(audit, { actor_user_id: admin.id, organisation_id: practice.id });

    await world.runJobs();
    const link = /http:\/\/thirdspace\.test(\/invitations\/[\w-]+)/.exec(world.email.lastTo(email)?.body ?? '')?.[1];
    assert.ok(link, 'the invitation email has a link');
    const manager = new Agent(world.app);
    const joined = await manager.postForm(link, {
      displayName: 'Frankie First',
      password: 'copper meadow violin',
      confirmPassword: 'copper meadow violin',
    });
    assert.equal(joined.statusCode, 303);
    const members = await manager.get(`/organisations/${practice.id}/members`);
    assert.equal(members.statusCode, 200);
    assert.match(members.body, /Frankie First/);
    assert.match(members.body, /Invite someone/);
  });
});
