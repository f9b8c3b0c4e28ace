import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { buildApplicant } from '../recruitment/recruitment.fixtures.ts';

describe('champions: every coordinator form shows bad input again with an error and the input kept', () => {
  test('campaigns, role templates, agreement versions, induction items, references, training and stage changes', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const championId = await buildApplicant(app.db, { organisationId: practiceId });
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] }));
    const base = `/organisations/${practiceId}/champions`;
    assert.equal((await agent.get(`${base}/roles`)).statusCode, 200, 'defaults are seeded on first use');
    const cases: [string, Record<string, string>, RegExp[]][] = [
      [
        `${base}/campaigns`,
        { name: 'Autumn leaflet drop', channel: 'carrier pigeon', startsOn: '2026-10-10', endsOn: '2026-10-01' },
        [
          /Select how the campaign reaches people/,
          /end date must be on or after the start date/,
          /value="Autumn leaflet drop"/,
        ],
      ],
      [
        `${base}/roles`,
        { name: 'Walk leader', description: 'Leads walks', checkLevel: 'basic', referencesRequired: '1', training: '' },
        [/already a role with this name/, /Leads walks/],
      ],
      [
        `${base}/roles`,
        { name: 'Gardener', description: '', checkLevel: 'mega', referencesRequired: '9', training: 'Tools' },
        [
          /Select the check the role needs/,
          /Enter a number of references from 0 to 5/,
          /value="Gardener"/,
          /value="Tools"/,
        ],
      ],
      [
        `${base}/agreements`,
        { kind: 'volunteer', title: '', body: 'New text kept here' },
        [/Enter a title/, /New text kept here/],
      ],
      [
        `${base}/induction`,
        { label: 'Tour of the practice' },
        [/already on the checklist/, /value="Tour of the practice"/],
      ],
      [`${base}/induction`, { label: '' }, [/Enter what the item is/]],
      [
        `${base}/${championId}/references`,
        { refereeName: 'Kept Referee', 'receivedOn[day]': '40', 'receivedOn[month]': '1', 'receivedOn[year]': '2026' },
        [/Enter a real date/, /value="Kept Referee"/, /value="40"/],
      ],
      [
        `${base}/${championId}/training`,
        { course: '', 'completedOn[day]': '1', 'completedOn[month]': '1', 'completedOn[year]': '2199' },
        [/Select the course/, /must be today or in the past/, /value="2199"/],
      ],
      [
        `${base}/${championId}/checks`,
        { level: 'none', certificateReference: '12345678901X', updateService: 'maybe' },
        [/Select the level of check/, /12-digit certificate number/, /value="12345678901X"/],
      ],
      [`${base}/${championId}/stage`, { stage: 'retired', note: 'Kept note' }, [/Select a stage/, /Kept note/]],
      [`${base}/${championId}/stage`, { note: 'No stage chosen' }, [/Select a stage/, /No stage chosen/]],
    ];
    for (const [url, fields, expected] of cases) {
      const response = await agent.postForm(url, fields);
      assert.equal(response.statusCode, 400, url);
      assert.match(response.body, /There is a problem/, url);
      for (const pattern of expected) {
        assert.match(response.body, pattern, `${url} ${pattern}`);
      }
    }
  });
});
