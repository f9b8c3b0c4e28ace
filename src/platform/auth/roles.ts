/** The kinds of organisation a role can be held in. */
export type OrganisationKind = 'area' | 'network' | 'practice' | 'setting' | 'programme';

/** Roles a person can hold in an organisation (ARCHITECTURE.md, "Who uses it"). */
export const ROLES = {
  champion: { label: 'Practice health champion', kinds: ['practice', 'setting', 'network'] },
  coordinator: { label: 'Champion coordinator', kinds: ['practice', 'setting', 'network'] },
  practice_manager: { label: 'Practice manager', kinds: ['practice', 'setting'] },
  receptionist: { label: 'Receptionist or care navigator', kinds: ['practice', 'setting'] },
  clinician: { label: 'Clinician', kinds: ['practice', 'setting', 'network'] },
  link_worker: { label: 'Social prescribing link worker', kinds: ['practice', 'network'] },
  safeguarding_lead: { label: 'Safeguarding lead', kinds: ['practice', 'setting', 'network'] },
  network_lead: { label: 'Network lead', kinds: ['network'] },
  facilitator: { label: 'Programme facilitator', kinds: ['programme'] },
  commissioner: { label: 'Commissioner or funder', kinds: ['area'] },
} as const satisfies Record<string, { label: string; kinds: readonly OrganisationKind[] }>;

export type Role = keyof typeof ROLES;

/** Every role key, for validation. */
export const ROLE_KEYS = Object.keys(ROLES) as [Role, ...Role[]];

/** What can be done, named `subject:verb`. */
export type Permission =
  | 'organisation:view'
  | 'organisation:aggregates'
  | 'members:view'
  | 'members:invite'
  | 'members:manage'
  | 'audit:view'
  | 'directory:search'
  | 'directory:edit'
  | 'directory:propose'
  | 'directory:review'
  | 'directory:verify'
  | 'champions:self'
  | 'champions:verify-hours'
  | 'champions:approve-expenses'
  | 'champions:meetings'
  | 'champions:view'
  | 'champions:manage'
  | 'activities:view'
  | 'activities:propose'
  | 'activities:manage'
  | 'activities:deliver'
  | 'activities:introduce'
  | 'people:view'
  | 'people:manage'
  | 'signposting:navigate'
  | 'signposting:gaps';

interface PermissionRule {
  roles: readonly Role[];
  /** Whether holding the role in a network, area or programme reaches the organisations below it. */
  reachesBelow: boolean;
}

/**
 * The one policy table. Commissioners and facilitators hold only aggregate permissions:
 * they never reach member lists, audit trails or any identifiable record.
 */
/** The staff who work with patients and the directory: everyone but champions and the network's outside roles. */
const PRACTICE_STAFF: readonly Role[] = [
  'practice_manager',
  'coordinator',
  'receptionist',
  'clinician',
  'link_worker',
  'safeguarding_lead',
  'network_lead',
];

const RULES: Record<Permission, PermissionRule> = {
  'organisation:view': { roles: ROLE_KEYS, reachesBelow: false },
  'organisation:aggregates': {
    roles: ['practice_manager', 'network_lead', 'facilitator', 'commissioner'],
    reachesBelow: true,
  },
  'members:view': {
    roles: ['practice_manager', 'coordinator', 'network_lead', 'safeguarding_lead'],
    reachesBelow: false,
  },
  'members:invite': { roles: ['practice_manager', 'coordinator', 'network_lead'], reachesBelow: false },
  'members:manage': { roles: ['practice_manager', 'network_lead'], reachesBelow: false },
  'audit:view': { roles: ['practice_manager', 'network_lead'], reachesBelow: false },
  // The directory is public; these decide who keeps an organisation's own entries.
  'directory:search': {
    roles: [...PRACTICE_STAFF, 'champion'],
    reachesBelow: false,
  },
  'directory:edit': {
    roles: ['practice_manager', 'coordinator', 'receptionist', 'link_worker', 'network_lead'],
    reachesBelow: false,
  },
  'directory:propose': { roles: ['champion', 'clinician', 'safeguarding_lead'], reachesBelow: false },
  'directory:review': { roles: ['practice_manager', 'coordinator', 'network_lead'], reachesBelow: false },
  // Champions check entries only in a role that grants directory research (the directory asks the champions module).
  'directory:verify': {
    roles: ['coordinator', 'receptionist', 'practice_manager', 'link_worker', 'network_lead'],
    reachesBelow: false,
  },
  // Champion activity: a champion's own hours, claims and profile; coordinators check and approve them.
  'champions:self': { roles: ['champion'], reachesBelow: false },
  'champions:verify-hours': { roles: ['coordinator', 'practice_manager'], reachesBelow: false },
  'champions:approve-expenses': { roles: ['coordinator', 'practice_manager'], reachesBelow: false },
  'champions:meetings': { roles: ['coordinator', 'practice_manager'], reachesBelow: false },
  // Recruitment and the talent register: a network's coordinators and leads see its practices' champions.
  'champions:view': { roles: ['coordinator', 'practice_manager', 'network_lead'], reachesBelow: true },
  'champions:manage': { roles: ['coordinator', 'practice_manager'], reachesBelow: false },
  // Activities: staff who signpost see a practice's activities (a network's staff see its
  // practices'); coordinators and practice managers run the lifecycle, approval included.
  'activities:view': {
    roles: PRACTICE_STAFF,
    reachesBelow: true,
  },
  'activities:propose': { roles: ['champion', 'coordinator', 'practice_manager'], reachesBelow: false },
  'activities:manage': { roles: ['coordinator', 'practice_manager'], reachesBelow: false },
  // Champions may record only sessions they lead or are on the rota for (checked per session).
  'activities:deliver': { roles: ['champion', 'coordinator', 'practice_manager'], reachesBelow: false },
  // Warm introductions: a network's link workers introduce people to its practices' activities.
  'activities:introduce': {
    roles: ['practice_manager', 'coordinator', 'receptionist', 'clinician', 'link_worker', 'network_lead'],
    reachesBelow: true,
  },
  // People being helped (signposting): only staff giving them direct care; never champions,
  // coordinators or anyone holding aggregate permissions. A network's link workers reach its practices.
  'people:view': { roles: ['receptionist', 'clinician', 'link_worker'], reachesBelow: true },
  'people:manage': { roles: ['receptionist', 'clinician', 'link_worker'], reachesBelow: true },
  // Care navigation at reception, and recording gaps in provision.
  'signposting:navigate': {
    roles: ['receptionist', 'clinician', 'link_worker', 'practice_manager'],
    reachesBelow: false,
  },
  'signposting:gaps': { roles: ['receptionist', 'clinician', 'link_worker', 'practice_manager'], reachesBelow: false },
};

/** True when any of `roles` grants `permission` in the organisation they are held in. */
export function rolesGrant(roles: readonly string[], permission: Permission): boolean {
  const allowed: readonly string[] = RULES[permission].roles;
  return roles.some((role) => allowed.includes(role));
}

/** Whether the permission, held in a parent organisation, also applies to its children. */
export function reachesBelow(permission: Permission): boolean {
  return RULES[permission].reachesBelow;
}

/** Someone offering a role: the roles they hold in the organisation, and whether they are a system administrator. */
export interface Inviter {
  roles: readonly string[];
  isSystemAdmin: boolean;
}

/**
 * Who may invite whom: the roles each kind of inviter may offer, before they are narrowed to
 * the roles that fit the organisation. Practice managers and network leads run their
 * organisation's people; coordinators bring champions in (staff roles are the practice
 * manager's call); system administrators may offer any role, to set up a new organisation's
 * first manager. Withdrawing an invitation follows the same table: you may withdraw what you
 * could have sent.
 */
const INVITATIONS: Record<'system_admin' | Role, readonly Role[] | 'every role'> = {
  system_admin: 'every role',
  practice_manager: 'every role',
  network_lead: 'every role',
  coordinator: ['champion'],
  champion: [],
  receptionist: [],
  clinician: [],
  link_worker: [],
  safeguarding_lead: [],
  facilitator: [],
  commissioner: [],
};

/** The roles `inviter` may give to someone else in an organisation of `kind` (empty when none). */
export function invitableRoles(inviter: Inviter, kind: OrganisationKind): Role[] {
  const forKind = ROLE_KEYS.filter((role) => (ROLES[role].kinds as readonly string[]).includes(kind));
  const held = [
    ...(inviter.isSystemAdmin ? ['system_admin' as const] : []),
    ...inviter.roles.filter((role): role is Role => Object.hasOwn(ROLES, role)),
  ];
  const offers = held.map((role) => INVITATIONS[role]);
  if (offers.includes('every role')) {
    return forKind;
  }
  const offered = new Set(offers.flatMap((list) => (list === 'every role' ? [] : list)));
  return forKind.filter((role) => offered.has(role));
}

/** A role's label as people say it. */
export function roleLabel(role: string): string {
  return (ROLES as Record<string, { label: string }>)[role]?.label ?? role;
}

/** True when `role` may be held in an organisation of `kind`. */
export function roleFitsKind(role: string, kind: OrganisationKind): role is Role {
  // Own keys only: a submitted role such as "constructor" must not find Object.prototype.
  const definition = Object.hasOwn(ROLES, role)
    ? (ROLES as Record<string, { kinds: readonly string[] }>)[role]
    : undefined;
  return definition !== undefined && definition.kinds.includes(kind);
}
