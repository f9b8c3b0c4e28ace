import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent } from '../../../../test/helpers/agent.ts';
import { buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';

const FORM = {
  fullName: 'Late Larry',
  email: 'late.larry@example.test',
  phone: '',
  interests: 'walking',
  skills: '',
  languages: '',
  availability: 'sat_morning',
  accessNeeds: '',
  heardVia: '',
  consent: 'yes',
};

describe('champions: campaign links after the campaign has ended', () => {
  test('the link still opens the form, without the campaign and saying it has ended; an old form naming it is refused clearly, then goes through without it', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const ods =
      (
        await app.db
          .selectFrom('organisations')
          .select('ods_code')
          .where('id', '=', practiceId)
          .executeTakeFirstOrThrow()
      ).ods_code ?? '';
    const code = `ended-${newId().slice(-8)}`;
    await app.db
      .insertInto('champion_campaigns')
      .values({
        id: newId(),
        organisation_id: practiceId,
        code,
        name: 'Spring text',
        channel: 'text_message',
        starts_on: '2025-03-01',
        ends_on: '2025-03-31',
      })
      .execute();

    const visitor = new Agent(app);
    const joined = await visitor.get(`/join/${code}`);
    const page = await visitor.get(joined.headers.location ?? '');
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /The campaign “Spring text” has ended \(on 31 March 2025\)\. You can still tell us you are interested/,
    );
    assert.match(page.body, /name="campaign" value=""/);

    const refused = await visitor.postForm(`/practices/${ods}/become-a-champion`, { ...FORM, campaign: code });
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /The campaign “Spring text” has ended\. Send the form again to tell us you are interested anyway/,
    );
    assert.match(refused.body, /href="#campaign"/);
    assert.match(refused.body, /value="Late Larry"/);
    assert.match(refused.body, /name="campaign" value=""/);
    assert.equal(
      (await app.db.selectFrom('champions').select('id').where('organisation_id', '=', practiceId).execute()).length,
      0,
    );

    const sent = await visitor.postForm(`/practices/${ods}/become-a-champion`, { ...FORM, campaign: '' });
    assert.equal(sent.statusCode, 303);
    const row = await app.db
      .selectFrom('champions')
      .select(['display_name', 'campaign_id'])
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { display_name: 'Late Larry', campaign_id: null });
  });
});
