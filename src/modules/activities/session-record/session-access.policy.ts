import { authorise, rolesIn, type Actor, type Scope, trustedScope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { championsOfUser, formatMinutes } from '../../champions/index.ts';
import { findSessionForRecord, isConnectedToSession, type SessionForRecord } from './session-record.repo.ts';

/** Someone allowed to record a session, and in what capacity. */
export interface SessionAccess {
  session: SessionForRecord;
  scope: Scope;
  /** True for coordinators and practice managers of the session's organisation. */
  asStaff: boolean;
  /** Where to go after recording: the organisation's sessions (staff) or the champion's own. */
  listPath: string;
}

/** True when the roles let someone record any session of the organisation (staff, not champions). */
export function deliversAsStaff(roles: readonly string[]): boolean {
  return rolesGrant(
    roles.filter((role) => role !== 'champion'),
    'activities:deliver',
  );
}

/** True when the person holds a staff role that records sessions in their active organisation. */
export function activeStaffOrganisation(actor: Actor): string | null {
  const active = actor.activeOrganisationId;
  return active && deliversAsStaff(rolesIn(actor, active)) ? active : null;
}

/**
 * Decides whether the signed-in person may record a session. A champion may record a session
 * of an activity they lead or on whose rota they hold a place; coordinators and practice
 * managers may record any session of their organisation. An unknown session, or one of an
 * organisation where the person has no standing, is 404; a member who may not record it, 403.
 */
export async function sessionAccess(ctx: ServiceContext, sessionId: string): Promise<SessionAccess> {
  const actor = actorOf(ctx);
  if (!isUuid(sessionId)) {
    throw new NotFoundError();
  }
  const session = await findSessionForRecord(ctx.db, sessionId);
  if (!session) {
    throw new NotFoundError();
  }
  if (deliversAsStaff(rolesIn(actor, session.organisation_id))) {
    const scope = await authorise(ctx.db, actor, 'activities:deliver', session.organisation_id);
    return { session, scope, asStaff: true, listPath: `/organisations/${session.organisation_id}/sessions` };
  }
  // A champion's standing comes from their own organisation's champion role.
  const mine = (await championsOfUser(ctx.db, actor.userId)).filter((champion) =>
    rolesGrant(rolesIn(actor, champion.organisation_id), 'activities:deliver'),
  );
  if (
    await isConnectedToSession(
      ctx.db,
      session,
      mine.map((champion) => champion.id),
    )
  ) {
    return {
      session,
      scope: trustedScope([session.organisation_id], 'self'),
      asStaff: false,
      listPath: '/champion/sessions',
    };
  }
  await authorise(ctx.db, actor, 'activities:deliver', session.organisation_id);
  throw new ForbiddenError('You can record only sessions of activities you lead or are on the rota for');
}

/** Today's date in London, as YYYY-MM-DD. */
export function londonDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Refuses to record a cancelled session, or one that has not happened yet. */
export function assertRecordable(session: SessionForRecord, today = londonDate()): void {
  if (session.status === 'cancelled') {
    throw new ConflictError('This session was cancelled, so it cannot be recorded');
  }
  if (session.local_date > today) {
    throw new ConflictError('This session has not happened yet. You can record it on the day');
  }
}

/** The session's length in minutes (1 to 1,440), used to prefill champions' time. */
export function sessionLength(session: { starts_at: Date; ends_at: Date }): number {
  const minutes = Math.round((session.ends_at.getTime() - session.starts_at.getTime()) / 60_000);
  return Math.min(1440, Math.max(1, minutes));
}

/** The session's length as people say it ("1 hour 30 minutes"). */
export function sessionLengthText(session: { starts_at: Date; ends_at: Date }): string {
  return formatMinutes(sessionLength(session));
}
