import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { abilitiesFor, mayMove } from './activities.policy.ts';

const activity = (status: ActivityStatus) => ({ status, created_by: 'geoff' }) as ActivityRow;
const coordinator = { view: true, propose: true, manage: true };
const champion = { view: false, propose: true, manage: false };
const receptionist = { view: true, propose: false, manage: false };

describe('activity abilities', () => {
  test('a coordinator gets the buttons the lifecycle allows next, and no others', () => {
    const expected: Record<ActivityStatus, string[]> = {
      idea: ['edit', 'submitProposal', 'close'],
      proposed: ['edit', 'riskAssess', 'close'],
      risk_assessed: ['edit', 'riskAssess', 'approve', 'close'],
      approved: ['edit', 'riskAssess', 'publish', 'close'],
      active: ['edit', 'riskAssess', 'pause', 'close'],
      paused: ['edit', 'riskAssess', 'publish', 'close'],
      closed: [],
    };
    for (const [status, buttons] of Object.entries(expected) as [ActivityStatus, string[]][]) {
      const abilities = abilitiesFor({ activity: activity(status), can: coordinator, isProposer: false });
      assert.deepEqual(
        Object.entries(abilities)
          .filter(([, allowed]) => allowed)
          .map(([name]) => name),
        buttons,
        status,
      );
    }
  });

  test('a champion may edit and submit only their own idea, and never approve', () => {
    assert.deepEqual(abilitiesFor({ activity: activity('idea'), can: champion, isProposer: true }), {
      edit: true,
      submitProposal: true,
      riskAssess: false,
      approve: false,
      publish: false,
      pause: false,
      close: false,
    });
    assert.equal(abilitiesFor({ activity: activity('proposed'), can: champion, isProposer: true }).edit, true);
    assert.equal(abilitiesFor({ activity: activity('risk_assessed'), can: champion, isProposer: true }).edit, false);
    assert.equal(abilitiesFor({ activity: activity('idea'), can: champion, isProposer: false }).edit, false);
    for (const to of ['approved', 'active', 'paused', 'closed'] as const) {
      assert.equal(mayMove({ activity: activity('risk_assessed'), can: champion, isProposer: true }, to), false, to);
    }
  });

  test('someone who can only view gets no buttons at all', () => {
    for (const status of ['idea', 'proposed', 'risk_assessed', 'approved', 'active', 'paused', 'closed'] as const) {
      assert.ok(
        Object.values(abilitiesFor({ activity: activity(status), can: receptionist, isProposer: false })).every(
          (allowed) => !allowed,
        ),
        status,
      );
    }
  });
});
