import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { signIn } from '../../../../test/helpers/agent.ts';
import { loadTestConfig, testWorld } from '../../../../test/helpers/test-app.ts';
import { runCommand } from '../../../commands.ts';
import { FLORENCE, LONELINESS, postFields, signpostingWorld } from '../shared/signposting.fixtures.ts';

/** Every row of every table in the database, as text. */
async function everyRowAsText(): Promise<string[]> {
  const { app } = await testWorld();
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(app.db);
  const rows: string[] = [];
  for (const { name } of tables.rows) {
    const result = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(app.db);
    rows.push(...result.rows.map((row) => `${name}: ${row.row}`));
  }
  return rows;
}

const READABLE = [
  /Florence/i,
  /Nightwood/i,
  /999\s?000\s?0018/,
  /1934-03-14/,
  /07700\s?900\s?46[12]/,
  /florence\.nightwood@example\.com/i,
];

describe('people at rest', () => {
  test('no readable name, NHS number, date of birth, phone or email of a person anywhere in the database; every access audited', async () => {
    const { app, runJobs } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const base = `/organisations/${world.practiceId}/people`;
    const created = await reception.postForm(`${base}/new`, FLORENCE);
    assert.equal(created.statusCode, 303);
    const personId = String(created.headers.location).replace(/\?.*$/, '').split('/').pop() as string;
    await reception.get(`${base}?nhsNumber=9990000018`);
    await reception.get(`${base}/${personId}`);
    await reception.postForm(`${base}/${personId}/edit`, { ...FLORENCE, phone: '07700 900 462' });
    const navigated = await postFields(reception, `/organisations/${world.practiceId}/signposting/navigate`, [
      ['source', 'phone'],
      ['conversation', 'agreed'],
      ['needs', LONELINESS],
      ['destinations', world.freshServiceId],
      ['channels', 'sms'],
      ['channels', 'email'],
      ['phone', FLORENCE.phone],
      ['email', FLORENCE.email],
      ['nhsNumber', FLORENCE.nhsNumber],
      ['action', 'record'],
    ]);
    assert.equal(navigated.statusCode, 303);
    await runJobs();

    const leaks = (await everyRowAsText()).filter((row) => READABLE.some((pattern) => pattern.test(row)));
    assert.deepEqual(leaks, []);

    const event = await app.db
      .selectFrom('sp_navigation_events')
      .select(['id', 'person_id'])
      .where('organisation_id', '=', world.practiceId)
      .executeTakeFirstOrThrow();
    assert.equal(event.person_id, personId);
    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'actor_user_id'])
      .where('organisation_id', '=', world.practiceId)
      .orderBy('at')
      .execute();
    // Sorted: the navigation event and the listing it sent are audited in one transaction, at one instant.
    assert.deepEqual(
      audit.map((row) => [row.action, row.subject_id, row.actor_user_id].join(' ')).sort(),
      [
        ['person.created', personId, world.receptionist.id],
        ['person.searched', personId, world.receptionist.id],
        ['person.viewed', personId, world.receptionist.id],
        ['person.updated', personId, world.receptionist.id],
        ['signposting.navigation-recorded', event.id, world.receptionist.id],
        ['signposting.listing-sent', event.id, world.receptionist.id],
      ]
        .map((row) => row.join(' '))
        .sort(),
    );
  });

  test('rotate-key re-encrypts under a new key while the old one is still read, and back again', async () => {
    const { app, config, database } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const created = await reception.postForm(`/organisations/${world.practiceId}/people/new`, FLORENCE);
    const personId = String(created.headers.location).replace(/\?.*$/, '').split('/').pop() as string;
    const oldKey = config.security.encryptionKey.toString('hex');
    const newKey = randomBytes(32).toString('hex');
    const io = { out: () => undefined, err: () => undefined };
    const audit = { actorUserId: null };
    const sealedNow = () =>
      app.db.selectFrom('sp_people').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
    const before = await sealedNow();
    try {
      const rotated = loadTestConfig({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_PREVIOUS: oldKey });
      assert.equal(await runCommand(['rotate-key'], rotated, database, io, audit), 0);
      const after = await sealedNow();
      assert.notEqual(after.given_name_enc, before.given_name_enc);
      assert.notEqual(after.nhs_number_hash, before.nhs_number_hash, 'the keyed hashes follow the key');
      assert.ok(!after.given_name_enc.startsWith(before.given_name_enc.slice(0, 12)));
      // Running it again finds nothing left to do.
      assert.equal(await runCommand(['rotate-key'], rotated, database, io, audit), 0);
      assert.equal((await sealedNow()).given_name_enc, after.given_name_enc);
    } finally {
      const back = loadTestConfig({ ENCRYPTION_KEY: oldKey, ENCRYPTION_KEYS_PREVIOUS: newKey });
      assert.equal(await runCommand(['rotate-key'], back, database, io, audit), 0);
    }
    // The app, on the original key, reads and finds her again.
    const found = await reception.get(`/organisations/${world.practiceId}/people?nhsNumber=9990000018`);
    assert.match(found.body, /Florence Nightwood/);
  });
});
