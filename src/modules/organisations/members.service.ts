import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { rolesIn, administratorScope, trustedScope } from '../../platform/auth/policy.ts';
import { invitableRoles, roleFitsKind, roleLabel } from '../../platform/auth/roles.ts';
import { startSession } from '../../platform/auth/session.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { hashToken, isUuid, newToken } from '../../lib/ids.ts';
import { createAccount, findUserByEmail, normaliseEmail, passwordProblem } from '../accounts/index.ts';
import {
  countHolders,
  deleteMembership,
  findOrganisation,
  insertInvitation,
  insertMembership,
  listMembers,
  listOpenInvitations,
  revokeInvitation,
} from './organisations.repo.ts';
import type { InviteMemberBody } from './organisations.schemas.ts';
import { actorOf, scopeOfOne } from './organisations.service.ts';

/** Rolls back an acceptance whose invitation was spent or withdrawn meanwhile. */
class InvitationGoneError extends Error {}

/** An invitation link works for a week. */
const INVITATION_DAYS = 7;

/** Roles an organisation must always keep at least one holder of. */
const ESSENTIAL_ROLES = ['practice_manager', 'network_lead'];

/** Members of an organisation and its open invitations. Reading names and emails is audited. */
export async function membersOf(ctx: ServiceContext, organisationId: string) {
  const scope = await scopeOfOne(ctx, 'members:view', organisationId);
  const members = await listMembers(ctx.db, scope, organisationId);
  const invitations = await listOpenInvitations(ctx.db, scope, organisationId);
  await recordAudit(ctx.db, ctx.audit, { action: 'members.viewed', subjectType: 'organisation', subjectId: organisationId, organisationId, details: { count: members.length } });
  return { members, invitations };
}

/** The roles this person may offer in an organisation (empty when they may invite no one). */
export async function rolesOnOffer(ctx: ServiceContext, organisationId: string) {
  const actor = actorOf(ctx);
  if (!isUuid(organisationId)) {
    throw new NotFoundError();
  }
  // System administrators set up organisations they do not belong to, so membership cannot be asked of them.
  const scope = actor.isSystemAdmin ? administratorScope(actor, [organisationId]) : await scopeOfOne(ctx, 'members:invite', organisationId);
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation) {
    throw new NotFoundError();
  }
  const roles = invitableRoles({ roles: rolesIn(actor, organisationId), isSystemAdmin: actor.isSystemAdmin }, organisation.kind);
  return { organisation, roles, scope };
}

/**
 * Invites someone by email to hold a role. Practice managers and network leads can offer any
 * role that fits the organisation; coordinators can invite champions; system administrators
 * can invite anyone (to set up a new organisation's first manager).
 */
export async function inviteMember(ctx: ServiceContext, organisationId: string, body: InviteMemberBody): Promise<{ invitationId: string }> {
  const actor = actorOf(ctx);
  const { organisation, roles, scope } = await rolesOnOffer(ctx, organisationId);
  if (!roleFitsKind(body.role, organisation.kind)) {
    throw new ValidationError({ role: `A ${roleLabel(body.role).toLowerCase()} cannot be given a role in this kind of organisation` });
  }
  if (!roles.includes(body.role)) {
    throw new ForbiddenError(`You cannot invite people as ${roleLabel(body.role).toLowerCase()}`);
  }
  const email = normaliseEmail(body.email);
  const existing = await findUserByEmail(ctx.db, email);
  if (existing) {
    const held = await ctx.db.selectFrom('memberships').select('id').where('user_id', '=', existing.id).where('organisation_id', '=', organisationId).where('role', '=', body.role).executeTakeFirst();
    if (held) {
      throw new ConflictError(`This person is already a ${roleLabel(body.role).toLowerCase()} here`);
    }
  }
  const token = newToken();
  return withTransaction(ctx.db, async (tx) => {
    const invitationId = await insertInvitation(tx, scope, {
      tokenHash: hashToken(token),
      email,
      organisationId,
      role: body.role,
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    if (!invitationId) {
      throw new NotFoundError();
    }
    await ctx.notifier.sendEmail(tx, {
      to: email,
      organisationId,
      subject: `You have been invited to join ${organisation.name} on Thirdspace`,
      body: [
        'Hello,',
        '',
        `${actor.displayName} has invited you to join ${organisation.name} on Thirdspace as a ${roleLabel(body.role).toLowerCase()}.`,
        '',
        `Accept the invitation within ${INVITATION_DAYS} days:`,
        `${ctx.config.baseUrl}/invitations/${token}`,
        '',
        'If you were not expecting this, you can ignore this email.',
      ].join('\n'),
    });
    await recordAudit(tx, ctx.audit, { action: 'invitation.created', subjectType: 'invitation', subjectId: invitationId, organisationId, details: { role: body.role } });
    return { invitationId };
  });
}

/** Withdraws an open invitation. */
export async function withdrawInvitation(ctx: ServiceContext, organisationId: string, invitationId: string): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:invite', organisationId);
  if (!isUuid(invitationId)) {
    throw new NotFoundError();
  }
  const invitation = await ctx.db.selectFrom('invitations').select('role').where('id', '=', invitationId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!invitation) {
    throw new NotFoundError();
  }
  const { roles } = await rolesOnOffer(ctx, organisationId);
  if (!roles.includes(invitation.role as never)) {
    // Coordinators may withdraw the champion invitations they could have sent, nothing more.
    throw new ForbiddenError(`You cannot withdraw an invitation to be a ${roleLabel(invitation.role).toLowerCase()}`);
  }
  await withTransaction(ctx.db, async (tx) => {
    if (!(await revokeInvitation(tx, scope, organisationId, invitationId))) {
      throw new NotFoundError('This invitation has already been accepted or withdrawn');
    }
    await recordAudit(tx, ctx.audit, { action: 'invitation.revoked', subjectType: 'invitation', subjectId: invitationId, organisationId });
  });
}

/** Takes a role away from a member; the last practice manager or network lead cannot be removed. */
export async function removeRole(ctx: ServiceContext, organisationId: string, userId: string, role: string): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:manage', organisationId);
  if (!isUuid(userId)) {
    throw new NotFoundError();
  }
  await withTransaction(ctx.db, async (tx) => {
    // Lock the organisation so two managers stepping down at once cannot both see the other
    // still there and leave it with none (PostgreSQL runs the transactions side by side).
    await tx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().executeTakeFirst();
    if (ESSENTIAL_ROLES.includes(role) && (await countHolders(tx, scope, organisationId, role)) <= 1) {
      throw new ConflictError(`An organisation must keep at least one ${roleLabel(role).toLowerCase()}. Invite another before removing this one`);
    }
    if (!(await deleteMembership(tx, scope, { userId, organisationId, role }))) {
      throw new NotFoundError();
    }
    await recordAudit(tx, ctx.audit, { action: 'role.removed', subjectType: 'user', subjectId: userId, organisationId, details: { role } });
  });
}

/** Gives an existing member another role in the same organisation. */
export async function grantRole(ctx: ServiceContext, organisationId: string, userId: string, role: string): Promise<void> {
  const scope = await scopeOfOne(ctx, 'members:manage', organisationId);
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation || !isUuid(userId)) {
    throw new NotFoundError();
  }
  if (!roleFitsKind(role, organisation.kind)) {
    throw new ValidationError({ role: 'Select a role that fits this organisation' });
  }
  const isMember = await ctx.db.selectFrom('memberships').select('id').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  if (!isMember) {
    throw new NotFoundError();
  }
  await withTransaction(ctx.db, async (tx) => {
    if (await insertMembership(tx, scope, { userId, organisationId, role, grantedBy: actorOf(ctx).userId })) {
      await recordAudit(tx, ctx.audit, { action: 'role.granted', subjectType: 'user', subjectId: userId, organisationId, details: { role } });
    }
  });
}

/** A live invitation found by its link, with the organisation it is for. */
export async function findInvitation(ctx: ServiceContext, token: string) {
  const invitation = await ctx.db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisation_id')
    .select(['invitations.id', 'invitations.email', 'invitations.role', 'invitations.organisation_id as organisationId', 'organisations.name as organisationName'])
    .where('invitations.token_hash', '=', hashToken(token))
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!invitation) {
    return null;
  }
  const account = await findUserByEmail(ctx.db, invitation.email);
  return { ...invitation, hasAccount: account !== undefined };
}

/** Spends the invitation and grants its role to `userId`. */
async function grantFromInvitation(ctx: ServiceContext, token: string, userId: string): Promise<{ organisationId: string } | null> {
  return withTransaction(ctx.db, async (tx) => {
    const spent = await tx
      .updateTable('invitations')
      .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
      .where('token_hash', '=', hashToken(token))
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['id', 'organisation_id', 'role', 'invited_by'])
      .executeTakeFirst();
    if (!spent) {
      return null;
    }
    const scope = trustedScope([spent.organisation_id], 'token');
    await insertMembership(tx, scope, { userId, organisationId: spent.organisation_id, role: spent.role, grantedBy: spent.invited_by });
    const source = { ...ctx.audit, actorUserId: userId };
    await recordAudit(tx, source, { action: 'invitation.accepted', subjectType: 'invitation', subjectId: spent.id, organisationId: spent.organisation_id });
    await recordAudit(tx, source, { action: 'role.granted', subjectType: 'user', subjectId: userId, organisationId: spent.organisation_id, details: { role: spent.role, via: 'invitation' } });
    return { organisationId: spent.organisation_id };
  });
}

/** Accepts an invitation as the signed-in person, whose email must match it. */
export async function acceptAsSignedIn(ctx: ServiceContext, token: string) {
  const actor = actorOf(ctx);
  const invitation = await findInvitation(ctx, token);
  if (!invitation) {
    return null;
  }
  if (normaliseEmail(actor.email) !== normaliseEmail(invitation.email)) {
    throw new ForbiddenError('This invitation was sent to a different email address');
  }
  return grantFromInvitation(ctx, token, actor.userId);
}

/**
 * Accepts an invitation by creating an account for its email address, then signs the new
 * person in. Returns the session token, or field errors.
 */
export async function acceptAsNewPerson(ctx: ServiceContext, token: string, form: { displayName: string; password: string }, source: { ip: string; userAgent: string | null }) {
  const invitation = await findInvitation(ctx, token);
  if (!invitation) {
    return { kind: 'expired' } as const;
  }
  if (invitation.hasAccount) {
    return { kind: 'has-account' } as const;
  }
  const problem = passwordProblem(form.password, invitation.email);
  if (problem) {
    return { kind: 'invalid', errors: { password: problem } } as const;
  }
  // One transaction: if the invitation is withdrawn meanwhile, no account is left behind.
  const accepted = await withTransaction(ctx.db, async (tx) => {
    const userId = await createAccount({ db: tx, audit: ctx.audit }, { email: invitation.email, displayName: form.displayName, password: form.password });
    const granted = await grantFromInvitation({ ...ctx, db: tx as unknown as ServiceContext['db'] }, token, userId);
    if (!granted) {
      throw new InvitationGoneError();
    }
    const sessionToken = await startSession(tx, ctx.config, { userId, secondFactorPending: false, activeOrganisationId: granted.organisationId, ip: source.ip, userAgent: source.userAgent });
    await recordAudit(tx, { ...ctx.audit, actorUserId: userId }, { action: 'sign-in.succeeded', subjectType: 'user', subjectId: userId, details: { via: 'invitation' } });
    return { sessionToken, organisationId: granted.organisationId };
  }).catch((error: unknown) => {
    if (error instanceof InvitationGoneError) {
      return null;
    }
    throw error;
  });
  return accepted ? ({ kind: 'accepted', ...accepted } as const) : ({ kind: 'expired' } as const);
}
