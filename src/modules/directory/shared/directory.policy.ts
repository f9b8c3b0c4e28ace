import {
  type Actor,
  authorise,
  rolesIn,
  scopeFor,
  type Scope,
  joinScopes,
  narrowScope,
  trustedScope,
} from '../../../platform/auth/policy.ts';
import { type Permission, rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { type ServiceOwnership, findServiceOwnership } from './service-ownership.repo.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/**
 * The organisations where a person may research the directory as a champion. The champions
 * module, which sits above the directory, provides it when it is registered (provideDirectoryResearch).
 */
export type DirectoryResearchOrganisations = (db: Executor, userId: string) => Promise<string[]>;

/** No researcher anywhere until the champions module provides its answer. */
let directoryResearchOrganisations: DirectoryResearchOrganisations = async () => [];

/** Sets where people may research the directory as champions (called by champions/index.ts). */
export function provideDirectoryResearch(organisationsOf: DirectoryResearchOrganisations): void {
  directoryResearchOrganisations = organisationsOf;
}

/**
 * The service, once the person is known to hold `permission` in the organisation that keeps
 * it: NotFound when they have no standing there (or it does not exist), Forbidden otherwise.
 */
export async function authoriseOnService(
  ctx: ServiceContext,
  permission: Permission,
  serviceId: string,
): Promise<ServiceOwnership & { scope: Scope }> {
  const service = await findServiceOwnership(ctx.db, serviceId);
  if (!service) {
    throw new NotFoundError();
  }
  const scope = await authorise(ctx.db, actorOf(ctx), permission, service.ownerOrganisationId);
  return { ...service, scope };
}

/** What the person may do with a service kept by `ownerOrganisationId`, for pages. */
export interface ServiceAbilities {
  edit: boolean;
  propose: boolean;
  review: boolean;
  verify: boolean;
}

/** Abilities from the roles held in the owner organisation itself (directory rights do not reach below). */
export function serviceAbilities(actor: Actor | null, ownerOrganisationId: string): ServiceAbilities {
  const roles = actor ? rolesIn(actor, ownerOrganisationId) : [];
  const can = (permission: Permission) => rolesGrant(roles, permission);
  return {
    edit: can('directory:edit'),
    propose: can('directory:propose'),
    review: can('directory:review'),
    verify: can('directory:verify'),
  };
}

/**
 * Organisations where the person may claim and complete checking tasks: where their staff
 * roles grant directory:verify, and where they are a champion holding a role that grants
 * directory research (the "directory researcher" of domain research §4.2).
 */
export async function verifierScope(ctx: ServiceContext): Promise<Scope> {
  const actor = actorOf(ctx);
  const [staff, research] = await Promise.all([
    scopeFor(ctx.db, actor, 'directory:verify'),
    directoryResearchOrganisations(ctx.db, actor.userId),
  ]);
  // A researcher role counts only where the person is still a champion member.
  const researcher = research.filter((id) => rolesIn(actor, id).includes('champion'));
  // A researcher's standing comes from their own champion role, which the policy table does not hold.
  return joinScopes(staff, trustedScope(researcher, 'self'));
}

/** The part of verifierScope within one organisation: empty when the person may not check its entries. */
export async function verifierScopeIn(ctx: ServiceContext, organisationId: string): Promise<Scope> {
  return narrowScope(await verifierScope(ctx), [organisationId]);
}

/**
 * Allows checking tasks in one organisation: NotFound for someone with no standing there,
 * Forbidden for a member who neither holds a staff role that verifies nor a researcher role.
 */
export async function authoriseVerifier(ctx: ServiceContext, organisationId: string): Promise<Scope> {
  if (isUuid(organisationId)) {
    const scope = narrowScope(await verifierScope(ctx), [organisationId]);
    if (scope.organisationIds.length > 0) {
      return scope;
    }
  }
  return authorise(ctx.db, actorOf(ctx), 'directory:verify', organisationId);
}
