import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Executor } from '../db/transaction.ts';
import { findMembershipRows, organisationAndAncestors, organisationsAndBelowAny } from './organisation-tree.repo.ts';

export { ORGANISATION_LINKS, organisationAndBelow } from './organisation-tree.repo.ts';
import { type OrganisationKind, type Permission, reachesBelow, rolesGrant } from './roles.ts';

/** One organisation the person belongs to, with the roles they hold there. */
export interface ActorMembership {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  roles: string[];
}

/** The signed-in person as every service sees them. */
export interface Actor {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
  isSystemAdmin: boolean;
  totpEnabled: boolean;
  memberships: ActorMembership[];
  activeOrganisationId: string | null;
}

declare const granted: unique symbol;

/**
 * The organisations a query may touch: every repository function that reads or writes an
 * organisation's data takes one. Only this file makes them: `authorise` and `scopeFor` for a
 * signed-in person, `narrowScope`/`joinScopes` to reshape one already granted, and
 * `trustedScope` for work with no signed-in person behind it (nightly jobs, imports, the demo
 * seed, a one-time link whose token was checked). A scope written out by hand does not
 * type-check.
 */
export interface Scope {
  readonly organisationIds: readonly string[];
  readonly [granted]: true;
}

function grant(organisationIds: readonly string[]): Scope {
  return { organisationIds: [...new Set(organisationIds)] } as unknown as Scope;
}

/** Why a scope is made without a signed-in person's permission: each use names one. */
export type TrustReason =
  /** a scheduled job or sweep, acting for the organisation whose rows it found */
  | 'job'
  /** a command-line import or the demo seed, run by whoever has the server */
  | 'command'
  /** a public page or feed, which only reads what is published */
  | 'public'
  /** a one-time link or invitation whose token was checked */
  | 'token'
  /** staff of a practice an activity is hosted at, reaching that one activity kept by another organisation */
  | 'host'
  /** rows reached through a record whose use the caller has already authorised (an authorised activity's listing, its lead champions' clearance) */
  | 'linked'
  /** a person acting on their own record or membership (their champion record, their rota place, an organisation they belong to), found by their own user id */
  | 'self';

/**
 * A system administrator's scope, for setting up organisations they do not belong to (their
 * first manager's invitation). Anyone else is refused.
 */
export function administratorScope(actor: Actor, organisationIds: readonly string[]): Scope {
  if (!actor.isSystemAdmin) {
    throw new ForbiddenError();
  }
  return grant(organisationIds);
}

/** A scope with no signed-in person's permission behind it; `reason` says why it is safe. */
export function trustedScope(organisationIds: readonly string[], reason: TrustReason): Scope {
  void reason;
  return grant(organisationIds);
}

/** The part of a granted scope that lies within `organisationIds`. */
export function narrowScope(scope: Scope, organisationIds: readonly string[]): Scope {
  const wanted = new Set(organisationIds);
  return grant(scope.organisationIds.filter((id) => wanted.has(id)));
}

/**
 * For a write into one organisation: the organisation must be in the scope. A write outside it
 * is a bug in the caller, answered as a resource that does not exist.
 */
export function requireInScope(scope: Scope, organisationId: string): void {
  if (!scope.organisationIds.includes(organisationId)) {
    throw new NotFoundError();
  }
}

/** Every organisation in any of the granted scopes. */
export function joinScopes(...scopes: readonly Scope[]): Scope {
  return grant(scopes.flatMap((scope) => scope.organisationIds));
}

/** Loads the organisations a person belongs to, with their roles, in name order. */
export async function loadMemberships(db: Executor, userId: string): Promise<ActorMembership[]> {
  const rows = await findMembershipRows(db, userId);
  const byOrganisation = new Map<string, ActorMembership>();
  for (const row of rows) {
    const existing = byOrganisation.get(row.id);
    if (existing) {
      existing.roles.push(row.role);
    } else {
      byOrganisation.set(row.id, {
        organisationId: row.id,
        organisationName: row.name,
        organisationKind: row.kind,
        roles: [row.role],
      });
    }
  }
  return [...byOrganisation.values()];
}

/** The roles the person holds in exactly this organisation. */
export function rolesIn(actor: Actor, organisationId: string): string[] {
  return actor.memberships.find((membership) => membership.organisationId === organisationId)?.roles ?? [];
}

/**
 * Decides whether the person may use `permission` in an organisation. Someone with no
 * standing there at all gets NotFound, so the organisation's existence is not revealed;
 * someone who belongs but lacks the permission gets Forbidden. Returns the scope of that one
 * organisation.
 */
export async function authorise(
  db: Executor,
  actor: Actor,
  permission: Permission,
  organisationId: string,
): Promise<Scope> {
  if (!isUuid(organisationId)) {
    throw new NotFoundError();
  }
  const own = rolesIn(actor, organisationId);
  if (rolesGrant(own, permission)) {
    return grant([organisationId]);
  }
  let inherited: string[] = [];
  if (reachesBelow(permission)) {
    const ancestors = await organisationAndAncestors(db, organisationId);
    inherited = ancestors.filter((id) => id !== organisationId).flatMap((id) => rolesIn(actor, id));
    if (rolesGrant(inherited, permission)) {
      return grant([organisationId]);
    }
  }
  if (own.length === 0 && inherited.length === 0) {
    throw new NotFoundError();
  }
  throw new ForbiddenError();
}

/**
 * Every organisation where the person may use `permission`: where they hold a granting
 * role and, for permissions that reach below, the organisations beneath those.
 */
export async function scopeFor(db: Executor, actor: Actor, permission: Permission): Promise<Scope> {
  const direct = actor.memberships
    .filter((membership) => rolesGrant(membership.roles, permission))
    .map((membership) => membership.organisationId);
  if (!reachesBelow(permission) || direct.length === 0) {
    return grant(direct);
  }
  return grant(await organisationsAndBelowAny(db, direct));
}
