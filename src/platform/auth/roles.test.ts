import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type OrganisationKind,
  type Permission,
  ROLE_KEYS,
  invitableRoles,
  reachesBelow,
  roleFitsKind,
  roleLabel,
  rolesGrant,
} from './roles.ts';

/** Who may do what: the expected policy, written out in full so any change to the table shows here. */
const GRANTS: Record<Permission, readonly string[]> = {
  'organisation:view': ROLE_KEYS,
  'organisation:aggregates': ['practice_manager', 'network_lead', 'facilitator', 'commissioner'],
  'members:view': ['practice_manager', 'coordinator', 'network_lead', 'safeguarding_lead'],
  'members:invite': ['practice_manager', 'coordinator', 'network_lead'],
  'members:manage': ['practice_manager', 'network_lead'],
  'audit:view': ['practice_manager', 'network_lead'],
  'directory:search': [
    'practice_manager',
    'coordinator',
    'receptionist',
    'clinician',
    'link_worker',
    'safeguarding_lead',
    'network_lead',
    'champion',
  ],
  'directory:edit': ['practice_manager', 'coordinator', 'receptionist', 'link_worker', 'network_lead'],
  'directory:propose': ['champion', 'clinician', 'safeguarding_lead'],
  'directory:review': ['practice_manager', 'coordinator', 'network_lead'],
  'directory:verify': ['coordinator', 'receptionist', 'practice_manager', 'link_worker', 'network_lead'],
  'champions:self': ['champion'],
  'champions:verify-hours': ['coordinator', 'practice_manager'],
  'champions:approve-expenses': ['coordinator', 'practice_manager'],
  'champions:meetings': ['coordinator', 'practice_manager'],
  'champions:view': ['coordinator', 'practice_manager', 'network_lead'],
  'champions:manage': ['coordinator', 'practice_manager'],
  'activities:view': [
    'practice_manager',
    'coordinator',
    'receptionist',
    'clinician',
    'link_worker',
    'safeguarding_lead',
    'network_lead',
  ],
  'activities:propose': ['champion', 'coordinator', 'practice_manager'],
  'activities:manage': ['coordinator', 'practice_manager'],
  'activities:deliver': ['champion', 'coordinator', 'practice_manager'],
  'activities:introduce': [
    'practice_manager',
    'coordinator',
    'receptionist',
    'clinician',
    'link_worker',
    'network_lead',
  ],
  'people:view': ['receptionist', 'clinician', 'link_worker'],
  'people:manage': ['receptionist', 'clinician', 'link_worker'],
  'signposting:navigate': ['receptionist', 'clinician', 'link_worker', 'practice_manager'],
  'signposting:gaps': ['receptionist', 'clinician', 'link_worker', 'practice_manager'],
};

describe('roles: which roles grant which permission', () => {
  for (const [permission, allowed] of Object.entries(GRANTS) as [Permission, readonly string[]][]) {
    for (const role of ROLE_KEYS) {
      const expected = allowed.includes(role);
      test(`${role} ${expected ? 'may' : 'may not'} use ${permission}`, () => {
        assert.equal(rolesGrant([role], permission), expected);
      });
    }
  }

  test('commissioners and facilitators never reach member lists, invitations or audit trails', () => {
    for (const role of ['commissioner', 'facilitator']) {
      for (const permission of ['members:view', 'members:invite', 'members:manage', 'audit:view'] as const) {
        assert.equal(rolesGrant([role], permission), false, `${role} ${permission}`);
      }
    }
  });

  test('holding several roles grants what any one of them grants', () => {
    assert.equal(rolesGrant(['champion', 'practice_manager'], 'audit:view'), true);
    assert.equal(rolesGrant(['champion', 'receptionist'], 'members:view'), false);
  });

  test('no roles, or unknown role names, grant nothing', () => {
    assert.equal(rolesGrant([], 'organisation:view'), false);
    assert.equal(rolesGrant(['superuser', 'admin'], 'members:manage'), false);
  });

  test('only aggregate figures, the champions register, activities and people being helped reach below', () => {
    assert.deepEqual((Object.keys(GRANTS) as Permission[]).filter(reachesBelow), [
      'organisation:aggregates',
      'champions:view',
      'activities:view',
      'activities:introduce',
      'people:view',
      'people:manage',
    ]);
  });
});

describe('roles: which roles fit which kind of organisation', () => {
  const FITS: [string, OrganisationKind, boolean][] = [
    ['champion', 'practice', true],
    ['champion', 'network', true],
    ['champion', 'area', false],
    ['practice_manager', 'practice', true],
    ['practice_manager', 'setting', true],
    ['practice_manager', 'network', false],
    ['receptionist', 'network', false],
    ['link_worker', 'network', true],
    ['link_worker', 'setting', false],
    ['network_lead', 'network', true],
    ['network_lead', 'practice', false],
    ['facilitator', 'programme', true],
    ['facilitator', 'practice', false],
    ['commissioner', 'area', true],
    ['commissioner', 'practice', false],
    ['not_a_role', 'practice', false],
    ['__proto__', 'practice', false],
    ['toString', 'practice', false],
  ];
  for (const [role, kind, fits] of FITS) {
    test(`a ${role} ${fits ? 'can' : 'cannot'} be held in a ${kind}`, () => {
      assert.equal(roleFitsKind(role, kind), fits);
    });
  }
});

describe('roles: who may invite whom', () => {
  const practiceRoles = [
    'champion',
    'clinician',
    'coordinator',
    'link_worker',
    'practice_manager',
    'receptionist',
    'safeguarding_lead',
  ];
  const CASES: [string, string[], OrganisationKind, string[]][] = [
    ['a practice manager offers every practice role', ['practice_manager'], 'practice', practiceRoles],
    [
      'a network lead offers every network role',
      ['network_lead'],
      'network',
      ['champion', 'clinician', 'coordinator', 'link_worker', 'network_lead', 'safeguarding_lead'],
    ],
    ['a coordinator offers only champion', ['coordinator'], 'practice', ['champion']],
    ['a coordinator in a network offers only champion', ['coordinator'], 'network', ['champion']],
    ['a champion offers nothing', ['champion'], 'practice', []],
    ['a receptionist offers nothing', ['receptionist'], 'practice', []],
    ['a safeguarding lead (may view members) offers nothing', ['safeguarding_lead'], 'practice', []],
    ['a commissioner offers nothing', ['commissioner'], 'area', []],
    ['a facilitator offers nothing', ['facilitator'], 'programme', []],
    [
      'a manager of a care home offers setting roles',
      ['practice_manager'],
      'setting',
      ['champion', 'clinician', 'coordinator', 'practice_manager', 'receptionist', 'safeguarding_lead'],
    ],
    [
      'a coordinator who is also a manager offers every role',
      ['coordinator', 'practice_manager'],
      'practice',
      practiceRoles,
    ],
  ];
  for (const [name, inviter, kind, expected] of CASES) {
    test(name, () => {
      assert.deepEqual(
        [...invitableRoles({ roles: inviter, isSystemAdmin: false }, kind)].sort(),
        [...expected].sort(),
      );
    });
  }

  test('a system administrator, holding no role there, offers every role that fits, to set up a new organisation', () => {
    assert.deepEqual([...invitableRoles({ roles: [], isSystemAdmin: true }, 'practice')].sort(), practiceRoles);
    assert.deepEqual(invitableRoles({ roles: [], isSystemAdmin: true }, 'programme'), ['facilitator']);
    assert.deepEqual(invitableRoles({ roles: [], isSystemAdmin: true }, 'area'), ['commissioner']);
  });

  test('exactly the roles that may invite offer someone a role; the others, and unknown names, offer nothing', () => {
    for (const role of ROLE_KEYS) {
      const offers = (['area', 'network', 'practice', 'setting', 'programme'] as const).some(
        (kind) => invitableRoles({ roles: [role], isSystemAdmin: false }, kind).length > 0,
      );
      assert.equal(offers, rolesGrant([role], 'members:invite'), role);
    }
    assert.deepEqual(
      invitableRoles({ roles: ['__proto__', 'constructor', 'system_admin'], isSystemAdmin: false }, 'practice'),
      [],
    );
  });

  test('every role offered fits the kind of organisation', () => {
    for (const kind of ['area', 'network', 'practice', 'setting', 'programme'] as const) {
      for (const role of invitableRoles({ roles: [], isSystemAdmin: true }, kind)) {
        assert.ok(roleFitsKind(role, kind), `${role} in ${kind}`);
      }
    }
  });
});

describe('roles: labels', () => {
  test('roles are shown by their everyday names, and unknown ones as given', () => {
    assert.equal(roleLabel('practice_manager'), 'Practice manager');
    assert.equal(roleLabel('commissioner'), 'Commissioner or funder');
    assert.equal(roleLabel('mystery'), 'mystery');
  });
});
