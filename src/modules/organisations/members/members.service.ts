import { recordAudit } from '../../../platform/audit/audit.ts';
import { administratorScope, rolesIn } from '../../../platform/auth/policy.ts';
import { invitableRoles, roleFitsKind, roleLabel } from '../../../platform/auth/roles.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { hashToken, isUuid, newToken } from '../../../lib/ids.ts';
import { findUserByEmail, normaliseEmail } from '../../accounts/index.ts';
import { scopeOfOne } from '../shared/organisations.policy.ts';
import { findOrganisation, insertMembership } from '../shared/organisations.repo.ts';
import type { InviteMemberBody } from '../shared/organisations.schemas.ts';
import {
  countHolders,
  deleteMembership,
  findInvitationRole,
  holdsRole,
  insertInvitation,
  isMember,
  listMembers,
  listOpenInvitations,
  lockOrganisation,
  revokeInvitation,
} from './members.repo.ts';

/** An invitation link works for a week. */
const INVITATION_DAYS = 7;

/** Roles an organisation must always keep at least one holder of. */
const ESSENTIAL_ROLES = ['practice_manager', 'network_lead'];

/** Members of an organisation and its open invitations. Reading names and emails is audited. */
export async function membersOf(ctx: ServiceContext, organisationId: string) {
  const scope = await scopeOfOne(ctx, 'members:view', organisationId);
  return inTransaction(ctx, async (tx) => {
    const members = await listMembers(tx.db, scope, organisationId);
    const invitations = await listOpenInvitations(tx.db, scope, organisationId);
    await recordAudit(tx.db, tx.audit, {
      action: 'members.viewed',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
      details: { count: members.length },
    });
    return { members, invitations };
  });
}

/** The roles this person may offer in an organisation (empty when they may invite no one). */
export async function rolesOnOffer(ctx: ServiceContext, organisationId: string) {
  const actor = actorOf(ctx);
  if (!isUuid(organisationId)) {
    throw new NotFoundError();
  }
  // System administrators set up organisations they do not belong to, so membership cannot be asked of them.
  const scope = actor.isSystemAdmin
    ? administratorScope(actor, [organisationId])
    : await scopeOfOne(ctx, 'members:invite', organisationId);
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation) {
    throw new NotFoundError();
  }
  const roles = invitableRoles(
    { roles: rolesIn(actor, organisationId), isSystemAdmin: actor.isSystemAdmin },
    organisation.kind,
  );
  return { organisation, roles, scope };
}

/**
 * Invites someone by email to hold a role. Practice managers and network leads can offer any
 * role that fits the organisation; coordinators can invite champions; system administrators
 * can invite anyone (to set up a new organisation's first manager).
 */
export async function inviteMember(
  ctx: ServiceContext,
  organisationId: string,
  body: InviteMemberBody,
): Promise<{ invitationId: string }> {
  const actor = actorOf(ctx);
  const { organisation, roles, scope } = await rolesOnOffer(ctx, organisationId);
  if (!roleFitsKind(body.role, organisation.kind)) {
    throw new ValidationError({
      role: `A ${roleLabel(body.role).toLowerCase()} cannot be given a role in this kind of organisation`,
    });
  }
  if (!roles.includes(body.role)) {
    throw new ForbiddenError(`You cannot invite people as ${roleLabel(body.role).toLowerCase()}`);
  }
  const email = normaliseEmail(body.email);
  const existing = await findUserByEmail(ctx.db, email);
  if (existing && (await holdsRole(ctx.db, scope, organisationId, existing.id, body.role))) {
    throw new ConflictError(`This person is already a ${roleLabel(body.role).toLowerCase()} here`);
  }
  const token = newToken();
  return inTransaction(ctx, async (tx) => {
    const invitationId = await insertInvitation(tx.db, scope, {
      tokenHash: hashToken(token),
      email,
      organisationId,
      role: body.role,
      invitedBy: actor.userId,
      expiresAt: new Date(tx.clock.now().getTime() + INVITATION_DAYS * 86_400_000),
    });
    if (!invitationId) {
      throw new NotFoundError();
    }
    await tx.notifier.sendEmail(tx.db, {
      to: email,
      organisationId,
      subject: `You have been invited to join ${organisation.name} on Thirdspace`,
      body: [
        'Hello,',
        '',
        `${actor.displayName} has invited you to join ${organisation.name} on Thirdspace as a ${roleLabel(body.role).toLowerCase()}.`,
        '',
        `Accept the invitation within ${INVITATION_DAYS} days:`,
        `${tx.config.baseUrl}/invitations/${token}`,
        '',
        'If you were not expecting this, you can ignore this email.',
      ].join('\n'),
      oneTimeLink: `${tx.config.baseUrl}/invitations/${token}`,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: invitationId,
      organisationId,
      details: { role: body.role },
    });
    return { invitationId };
  });
}

/** Withdraws an open invitation. */
export async function withdrawInvitation(
  ctx: ServiceContext,
  organisationId: string,
  invitationId: string,
): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:invite', organisationId);
  if (!isUuid(invitationId)) {
    throw new NotFoundError();
  }
  const role = await findInvitationRole(ctx.db, scope, organisationId, invitationId);
  if (!role) {
    throw new NotFoundError();
  }
  const { roles } = await rolesOnOffer(ctx, organisationId);
  if (!roles.includes(role as never)) {
    // Coordinators may withdraw the champion invitations they could have sent, nothing more.
    throw new ForbiddenError(`You cannot withdraw an invitation to be a ${roleLabel(role).toLowerCase()}`);
  }
  await inTransaction(ctx, async (tx) => {
    if (!(await revokeInvitation(tx.db, scope, organisationId, invitationId))) {
      throw new NotFoundError('This invitation has already been accepted or withdrawn');
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'invitation.revoked',
      subjectType: 'invitation',
      subjectId: invitationId,
      organisationId,
    });
  });
}

/** Takes a role away from a member; the last practice manager or network lead cannot be removed. */
export async function removeRole(
  ctx: ServiceContext,
  organisationId: string,
  userId: string,
  role: string,
): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:manage', organisationId);
  if (!isUuid(userId)) {
    throw new NotFoundError();
  }
  await inTransaction(ctx, async (tx) => {
    // PostgreSQL runs the transactions of two managers stepping down side by side: the lock orders them.
    await lockOrganisation(tx.db, scope, organisationId);
    if (ESSENTIAL_ROLES.includes(role) && (await countHolders(tx.db, scope, organisationId, role)) <= 1) {
      throw new ConflictError(
        `An organisation must keep at least one ${roleLabel(role).toLowerCase()}. Invite another before removing this one`,
      );
    }
    if (!(await deleteMembership(tx.db, scope, { userId, organisationId, role }))) {
      throw new NotFoundError();
    }
    await recordAudit(tx.db, tx.audit, {
      action: 'role.removed',
      subjectType: 'user',
      subjectId: userId,
      organisationId,
      details: { role },
    });
  });
}

/** Gives an existing member another role in the same organisation. */
export async function grantRole(
  ctx: ServiceContext,
  organisationId: string,
  userId: string,
  role: string,
): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:manage', organisationId);
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation || !isUuid(userId)) {
    throw new NotFoundError();
  }
  if (!roleFitsKind(role, organisation.kind)) {
    throw new ValidationError({ role: 'Select a role that fits this organisation' });
  }
  if (!(await isMember(ctx.db, scope, organisationId, userId))) {
    throw new NotFoundError();
  }
  await inTransaction(ctx, async (tx) => {
    if (await insertMembership(tx.db, scope, { userId, organisationId, role, grantedBy: actorOf(tx).userId })) {
      await recordAudit(tx.db, tx.audit, {
        action: 'role.granted',
        subjectType: 'user',
        subjectId: userId,
        organisationId,
        details: { role },
      });
    }
  });
}
