import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OrganisationKind } from '../../../platform/auth/roles.ts';
import { presentTenancy } from './tenancy.presenter.ts';

const organisation = (id: string, kind: OrganisationKind) => ({
  id,
  name: `Name ${id}`,
  kind,
  subtype: kind,
  odsCode: null,
  parentName: null,
});

describe('the tenancy page', () => {
  const overview = {
    organisations: [
      organisation('p1', 'practice'),
      organisation('p2', 'practice'),
      organisation('g1', 'programme'),
      organisation('n1', 'network'),
    ],
    links: [{ programmeId: 'g1', practiceId: 'p1' }],
  };

  test('a programme is offered only the practices it does not support yet', () => {
    const page = presentTenancy(overview, {});
    assert.deepEqual(page.programmes, [
      { id: 'g1', name: 'Name g1', candidates: [{ value: 'p2', text: 'Name p2', selected: false }] },
    ]);
    assert.equal(page.errors, undefined);
    assert.equal(page.organisations.length, 4);
  });

  test('a refused choice is offered again, selected, with its message next to that programme’s list', () => {
    const page = presentTenancy(overview, {
      refused: { programmeId: 'g1', practiceId: 'p1', message: 'This programme supports that practice already' },
    });
    assert.deepEqual(
      page.programmes[0]?.candidates.map((candidate) => [candidate.value, candidate.selected]),
      [
        ['p1', true],
        ['p2', false],
      ],
    );
    assert.deepEqual(page.errors, { 'practiceId-g1': 'This programme supports that practice already' });
  });
});
