import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { keyRingOf } from '../../../platform/crypto.ts';
import { FLORENCE, LONELINESS, MONEY, postFields, signpostingWorld } from '../shared/signposting.fixtures.ts';

async function eventsOf(organisationId: string) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('sp_navigation_events')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('occurred_at')
    .execute();
}

describe('care navigation at reception', () => {
  test('declined, red flag and signposted by text: each keeps only what it must', async () => {
    const { app, config } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const url = `/organisations/${world.practiceId}/signposting/navigate`;
    assert.equal((await reception.get(url)).statusCode, 200);

    const declined = await postFields(reception, url, [
      ['source', 'phone'],
      ['conversation', 'declined'],
      ['action', 'record'],
    ]);
    assert.equal(declined.statusCode, 303);
    assert.equal(declined.headers.location, `${url}?done=recorded`);

    const redFlag = await postFields(reception, url, [
      ['source', 'phone'],
      ['redFlag', 'yes'],
      ['needs', LONELINESS],
      ['destinations', world.freshServiceId],
      ['action', 'search'],
    ]);
    assert.equal(redFlag.statusCode, 303, 'a red flag stops the flow even when searching');
    assert.equal(redFlag.headers.location, `/organisations/${world.practiceId}/signposting/red-flag`);
    const prompt = await reception.get(String(redFlag.headers.location));
    assert.match(prompt.body, /urgent action/);
    assert.doesNotMatch(prompt.body, new RegExp(world.word));

    const searched = await postFields(reception, url, [
      ['source', 'phone'],
      ['conversation', 'agreed'],
      ['needs', LONELINESS],
      ['q', world.word],
      ['action', 'search'],
    ]);
    assert.equal(searched.statusCode, 200);
    assert.match(searched.body, new RegExp(`Park ${world.word} and Talk`));
    assert.match(searched.body, /may be out of date/);
    assert.match(searched.body, new RegExp(`value="${LONELINESS}" checked`));

    const fields: [string, string][] = [
      ['source', 'phone'],
      ['conversation', 'agreed'],
      ['needs', LONELINESS],
      ['needs', MONEY],
      ['destinations', world.freshServiceId],
      ['destinations', world.staleServiceId],
      ['channels', 'told'],
      ['channels', 'sms'],
      ['phone', '07700 900 461'],
      ['action', 'record'],
    ];
    const stale = await postFields(reception, url, fields);
    assert.equal(stale.statusCode, 400);
    assert.match(stale.body, /may be out of date: untick it/);
    assert.match(stale.body, /value="07700 900 461"/);
    const sent = await postFields(reception, url, [...fields, ['sendStale', 'yes']]);
    assert.equal(sent.statusCode, 303);

    const events = await eventsOf(world.practiceId);
    assert.deepEqual(
      events.map((event) => event.outcome),
      ['declined', 'red_flag', 'signposted'],
    );
    const [declinedEvent, redFlagEvent, signposted] = events;
    assert.deepEqual([declinedEvent?.need_term_ids, declinedEvent?.channels], [[], []]);
    assert.deepEqual([redFlagEvent?.need_term_ids, redFlagEvent?.channels, redFlagEvent?.person_id], [[], [], null]);
    assert.deepEqual(signposted?.channels, ['told', 'sms']);
    assert.equal(signposted?.stale_sent, true);
    const destinations = await app.db
      .selectFrom('sp_navigation_destinations')
      .select('service_id')
      .where('event_id', '=', signposted?.id as string)
      .execute();
    assert.equal(destinations.length, 2);

    const text = await app.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', world.practiceId)
      .where('channel', '=', 'sms')
      .executeTakeFirstOrThrow();
    assert.equal(text.recipient, 'phone ending 461');
    assert.equal(keyRingOf(config.security).open(text.recipient_enc as string), '07700 900 461');
    assert.match(text.body, new RegExp(`Park ${world.word} and Talk – 0113 496 0001`));
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('organisation_id', '=', world.practiceId)
      .execute();
    const actions = audit.map((row) => row.action).sort();
    assert.deepEqual(actions, [
      'signposting.listing-sent',
      'signposting.navigation-recorded',
      'signposting.navigation-recorded',
      'signposting.red-flag-escalated',
    ]);
  });

  test('bad input gets a clear error with the input kept, never a 500', async () => {
    const { app } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const url = `/organisations/${world.practiceId}/signposting/navigate`;
    const cases: [[string, string][], RegExp][] = [
      [[['source', 'phone']], /Select whether they agreed/],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
        ],
        /Select at least one need/,
      ],
      [
        [
          ['source', 'fax'],
          ['conversation', 'declined'],
        ],
        /Select how they got in touch/,
      ],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
          ['needs', 'not-a-need'],
        ],
        /Select needs from the list/,
      ],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
          ['needs', LONELINESS],
          ['destinations', world.freshServiceId],
          ['channels', 'sms'],
          ['phone', '0113 496 0000'],
        ],
        /Enter a UK mobile number/,
      ],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
          ['needs', LONELINESS],
          ['destinations', world.freshServiceId],
        ],
        /Select how you gave them the information/,
      ],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
          ['needs', LONELINESS],
          ['nhsNumber', '999 000 0026'],
        ],
        /No one with this NHS number is recorded here/,
      ],
      [
        [
          ['source', 'phone'],
          ['conversation', 'agreed'],
          ['needs', LONELINESS],
          ['nhsNumber', '12345'],
        ],
        /valid 10-digit NHS number/,
      ],
    ];
    for (const [fields, message] of cases) {
      const answer = await postFields(reception, url, [...fields, ['action', 'record']]);
      assert.equal(answer.statusCode, 400, String(message));
      assert.match(answer.body, message);
    }
    const kept = await postFields(reception, url, [
      ['source', 'desk'],
      ['conversation', 'agreed'],
      ['q', 'zzz'],
      ['phone', '07700 900 999'],
      ['action', 'record'],
    ]);
    assert.match(kept.body, /value="desk" checked/);
    assert.match(kept.body, /value="07700 900 999"/);
    const unmet = `/organisations/${world.practiceId}/unmet-needs/new`;
    const noArea = await reception.postForm(unmet, {
      needTermId: LONELINESS,
      area: '',
      description: 'A weekend carers group',
    });
    assert.equal(noArea.statusCode, 400);
    assert.match(noArea.body, /Enter the area/);
    assert.match(noArea.body, /A weekend carers group/);
    assert.equal((await reception.postForm(unmet, { needTermId: 'x', area: 'LS28' })).statusCode, 400);
  });

  test('another practice gets 404 on every signposting route; champions get 403', async () => {
    const { app } = await testWorld();
    const world = await signpostingWorld(app);
    const base = `/organisations/${world.practiceId}`;
    const gets = [
      `${base}/signposting/navigate`,
      `${base}/signposting/red-flag`,
      `${base}/unmet-needs/new`,
      `${base}/signposting/figures`,
      `${base}/people`,
    ];
    const other = await signIn(app, world.otherReceptionist);
    for (const url of gets) {
      assert.equal((await other.get(url)).statusCode, 404, url);
    }
    assert.equal(
      (
        await postFields(other, `${base}/signposting/navigate`, [
          ['source', 'phone'],
          ['conversation', 'declined'],
        ])
      ).statusCode,
      404,
    );
    assert.equal(
      (await other.postForm(`${base}/unmet-needs/new`, { needTermId: LONELINESS, area: 'LS28' })).statusCode,
      404,
    );
    assert.equal((await other.postForm(`${base}/people/new`, FLORENCE)).statusCode, 404);
    const champion = await signIn(app, world.champion);
    for (const url of gets) {
      assert.equal((await champion.get(url)).statusCode, 403, url);
    }
    assert.equal(
      (await (await signIn(app, world.receptionist)).get('/organisations/not-a-uuid/signposting/navigate')).statusCode,
      404,
    );
  });

  test('figures: staff see exact counts and declined %; a commissioner sees counts under 5 suppressed', async () => {
    const { app } = await testWorld();
    const world = await signpostingWorld(app);
    const reception = await signIn(app, world.receptionist);
    const url = `/organisations/${world.practiceId}/signposting/navigate`;
    for (let index = 0; index < 5; index += 1) {
      await postFields(reception, url, [
        ['source', 'phone'],
        ['conversation', 'agreed'],
        ['needs', LONELINESS],
        ['destinations', world.freshServiceId],
        ['channels', 'told'],
        ['action', 'record'],
      ]);
    }
    await postFields(reception, url, [
      ['source', 'desk'],
      ['conversation', 'declined'],
      ['action', 'record'],
    ]);
    assert.equal(
      (
        await reception.postForm(`/organisations/${world.practiceId}/unmet-needs/new`, {
          needTermId: MONEY,
          area: 'ls28',
          description: '',
        })
      ).statusCode,
      303,
    );
    const figures = `/organisations/${world.practiceId}/signposting/figures?from=2000-01-01&to=2100-01-01`;
    const staff = await reception.get(figures);
    assert.equal(staff.statusCode, 200);
    assert.match(staff.body, /1 \(17%\)/);
    assert.match(staff.body, /Loneliness and isolation: 5/);
    assert.match(staff.body, new RegExp(`Park ${world.word} and Talk: 5`));
    assert.match(staff.body, /Money and debt in LS28: 1/);
    const commissioner = await signIn(app, world.commissioner);
    const aggregate = await commissioner.get(
      `/organisations/${world.areaId}/signposting/figures?from=2000-01-01&to=2100-01-01`,
    );
    assert.equal(aggregate.statusCode, 200);
    assert.match(aggregate.body, /Loneliness and isolation: 5/);
    assert.match(aggregate.body, /fewer than 5 \(–\)/);
    assert.match(aggregate.body, /Money and debt in LS28: fewer than 5/);
    assert.doesNotMatch(aggregate.body, /Money and debt in LS28: 1/);
    assert.equal((await commissioner.get(`/organisations/${world.practiceId}/signposting/navigate`)).statusCode, 404);
  });
});
