import { recordAudit } from '../../../platform/audit/audit.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import { setActiveOrganisation, startSession } from '../../../platform/auth/session.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { ForbiddenError, ValidationError } from '../../../lib/errors.ts';
import { hashToken } from '../../../lib/ids.ts';
import { createAccount, findUserByEmail, normaliseEmail, passwordProblem } from '../../accounts/index.ts';
import { insertMembership } from '../shared/organisations.repo.ts';
import { findLiveInvitation, spendInvitation } from './invitations.repo.ts';

/** Rolls back an acceptance whose invitation was spent or withdrawn meanwhile. */
class InvitationGoneError extends Error {}

/** A live invitation found by its link, with the organisation it is for and whether its email has an account. */
export async function findInvitation(ctx: ServiceContext, token: string) {
  const invitation = await findLiveInvitation(ctx.db, hashToken(token));
  if (!invitation) {
    return null;
  }
  const account = await findUserByEmail(ctx.db, invitation.email);
  return { ...invitation, hasAccount: account !== undefined };
}

/** Spends the invitation and grants its role to `userId`, in the caller's transaction. */
async function grantFromInvitation(
  ctx: ServiceContext,
  organisationId: string,
  token: string,
  userId: string,
): Promise<{ organisationId: string } | null> {
  // The link's token was checked when the invitation was found: that is what lets its organisation be written.
  const scope = trustedScope([organisationId], 'token');
  const spent = await spendInvitation(ctx.db, scope, hashToken(token), userId);
  if (!spent) {
    return null;
  }
  await insertMembership(ctx.db, scope, {
    userId,
    organisationId: spent.organisation_id,
    role: spent.role,
    grantedBy: spent.invited_by,
  });
  const source = { ...ctx.audit, actorUserId: userId };
  await recordAudit(ctx.db, source, {
    action: 'invitation.accepted',
    subjectType: 'invitation',
    subjectId: spent.id,
    organisationId: spent.organisation_id,
  });
  await recordAudit(ctx.db, source, {
    action: 'role.granted',
    subjectType: 'user',
    subjectId: userId,
    organisationId: spent.organisation_id,
    details: { role: spent.role, via: 'invitation' },
  });
  return { organisationId: spent.organisation_id };
}

/**
 * Accepts an invitation as the signed-in person, whose email must match it, and makes its
 * organisation the one their session works in. Null when the invitation has gone.
 */
export async function acceptAsSignedIn(ctx: ServiceContext, token: string): Promise<{ organisationId: string } | null> {
  const actor = actorOf(ctx);
  const invitation = await findInvitation(ctx, token);
  if (!invitation) {
    return null;
  }
  if (normaliseEmail(actor.email) !== normaliseEmail(invitation.email)) {
    throw new ForbiddenError('This invitation was sent to a different email address');
  }
  return inTransaction(ctx, async (tx) => {
    const granted = await grantFromInvitation(tx, invitation.organisationId, token, actor.userId);
    if (granted) {
      await setActiveOrganisation(tx.db, actor.sessionId, granted.organisationId);
    }
    return granted;
  });
}

/** How accepting as a new person ended: signed in, or sent elsewhere (the link has gone, or the email has an account). */
export type NewPersonAcceptance =
  | { kind: 'accepted'; sessionToken: string; organisationId: string }
  | { kind: 'expired' }
  | { kind: 'has-account' };

/**
 * Accepts an invitation by creating an account for its email address, then signs the new
 * person in. A password that is too weak is a ValidationError.
 */
export async function acceptAsNewPerson(
  ctx: ServiceContext,
  token: string,
  form: { displayName: string; password: string },
  source: { ip: string; userAgent: string | null },
): Promise<NewPersonAcceptance> {
  const invitation = await findInvitation(ctx, token);
  if (!invitation) {
    return { kind: 'expired' };
  }
  if (invitation.hasAccount) {
    return { kind: 'has-account' };
  }
  const problem = passwordProblem(form.password, invitation.email);
  if (problem) {
    throw new ValidationError({ password: problem });
  }
  // One transaction: if the invitation is withdrawn meanwhile, no account is left behind.
  const accepted = await inTransaction(ctx, async (tx) => {
    const userId = await createAccount(tx, {
      email: invitation.email,
      displayName: form.displayName,
      password: form.password,
    });
    const granted = await grantFromInvitation(tx, invitation.organisationId, token, userId);
    if (!granted) {
      throw new InvitationGoneError();
    }
    const sessionToken = await startSession(tx.db, tx.config, {
      userId,
      secondFactorPending: false,
      activeOrganisationId: granted.organisationId,
      ip: source.ip,
      userAgent: source.userAgent,
    });
    await recordAudit(
      tx.db,
      { ...tx.audit, actorUserId: userId },
      { action: 'sign-in.succeeded', subjectType: 'user', subjectId: userId, details: { via: 'invitation' } },
    );
    return { sessionToken, organisationId: granted.organisationId };
  }).catch((error: unknown) => {
    if (error instanceof InvitationGoneError) {
      return null;
    }
    throw error;
  });
  return accepted ? { kind: 'accepted', ...accepted } : { kind: 'expired' };
}
