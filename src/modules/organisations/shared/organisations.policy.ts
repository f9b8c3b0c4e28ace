import { authorise, type Scope } from '../../../platform/auth/policy.ts';
import { type Permission, rolesGrant } from '../../../platform/auth/roles.ts';
import { actorOf, type ServiceContext } from '../../../platform/context.ts';

/** A scope of exactly one organisation, after checking the permission there. */
export async function scopeOfOne(ctx: ServiceContext, permission: Permission, organisationId: string): Promise<Scope> {
  return authorise(ctx.db, actorOf(ctx), permission, organisationId);
}

/** What the person may do in an organisation, for pages and API responses. */
export interface Abilities {
  viewMembers: boolean;
  inviteMembers: boolean;
  manageMembers: boolean;
  viewAudit: boolean;
}

/** The abilities the roles someone holds in an organisation give them there. */
export function abilitiesFor(roles: string[]): Abilities {
  return {
    viewMembers: rolesGrant(roles, 'members:view'),
    inviteMembers: rolesGrant(roles, 'members:invite'),
    manageMembers: rolesGrant(roles, 'members:manage'),
    viewAudit: rolesGrant(roles, 'audit:view'),
  };
}
