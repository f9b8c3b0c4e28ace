import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActivityStatus } from '../activities.tables.ts';
import { MOVE_VERBS, STATUS_LABELS, canMove, nextStatuses, proposalGaps, refusalFor } from './lifecycle.rules.ts';

const ALL = Object.keys(STATUS_LABELS) as ActivityStatus[];
const complete = {
  description: 'Strum along',
  category: 'creative-learning',
  deliveryMode: 'group',
  fiveWays: ['connect'],
  referralRoutes: ['self'],
  howToJoin: 'Just come',
  venueName: 'Community room',
};

describe('activity lifecycle rules', () => {
  test('the happy path idea → proposed → risk assessed → approved → active ⇄ paused → closed is allowed', () => {
    const path: ActivityStatus[] = [
      'idea',
      'proposed',
      'risk_assessed',
      'approved',
      'active',
      'paused',
      'active',
      'closed',
    ];
    for (let index = 1; index < path.length; index += 1) {
      assert.ok(
        canMove(path[index - 1] as ActivityStatus, path[index] as ActivityStatus),
        `${path[index - 1]} → ${path[index]}`,
      );
    }
  });

  test('skipping a step is refused, with a reason a coordinator can act on', () => {
    assert.equal(canMove('proposed', 'approved'), false);
    assert.match(refusalFor('proposed', 'approved'), /Record a risk assessment before approving/);
    assert.equal(canMove('risk_assessed', 'active'), false);
    assert.match(refusalFor('risk_assessed', 'active'), /must be approved before it can be published/);
    assert.equal(canMove('approved', 'paused'), false);
    assert.match(refusalFor('approved', 'paused'), /Only an active activity can be paused/);
  });

  test('a closed activity can go nowhere, and every other status can close', () => {
    assert.deepEqual(nextStatuses('closed'), []);
    for (const status of ALL) {
      assert.match(refusalFor('closed', status), /closed, so it cannot be changed/);
      assert.equal(canMove(status, 'closed'), status !== 'closed');
    }
  });

  test('every refusal reads as a sentence, for every pair the lifecycle refuses', () => {
    for (const from of ALL) {
      for (const to of ALL) {
        if (!canMove(from, to)) {
          const message = refusalFor(from, to);
          assert.match(message, /^[A-Z]/);
          assert.doesNotMatch(message, /undefined|_/);
        }
      }
    }
    assert.equal(Object.keys(MOVE_VERBS).length, ALL.length);
  });

  test('a complete proposal has no gaps; each missing part is named against its field', () => {
    assert.deepEqual(proposalGaps(complete), {});
    const gaps = proposalGaps({
      description: '  ',
      category: null,
      deliveryMode: null,
      fiveWays: [],
      referralRoutes: [],
      howToJoin: '',
      venueName: '',
    });
    assert.deepEqual(Object.keys(gaps).sort(), [
      'category',
      'deliveryMode',
      'description',
      'fiveWays',
      'howToJoin',
      'referralRoutes',
      'venueName',
    ]);
  });

  test('an information resource needs no venue', () => {
    assert.deepEqual(proposalGaps({ ...complete, deliveryMode: 'information', venueName: '' }), {});
    assert.ok('venueName' in proposalGaps({ ...complete, deliveryMode: 'group', venueName: '' }));
  });
});
