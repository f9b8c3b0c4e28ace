import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import { hashToken, newToken } from '../../lib/ids.ts';
import type { Executor } from '../db/transaction.ts';

/** The session cookie: an opaque random token; only its hash is stored. */
export const SESSION_COOKIE = 'ts_session';

/** What starting a session needs to know. */
export interface NewSession {
  userId: string;
  secondFactorPending: boolean;
  activeOrganisationId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Creates a server-side session and returns the token for the cookie. */
export async function startSession(db: Executor, config: Config, session: NewSession): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: session.userId,
      second_factor_pending: session.secondFactorPending,
      active_organisation_id: session.activeOrganisationId,
      expires_at: new Date(Date.now() + config.security.sessionMaxHours * 3_600_000),
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return token;
}

/** Ends one session (sign-out). */
export async function endSession(db: Executor, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a person (password reset, account disabled). */
export async function endAllSessions(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends every session of a person but the one they are using (a password change signs out other devices). */
export async function endOtherSessions(db: Executor, userId: string, keepSessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepSessionId).execute();
}

/** Makes an organisation the one a session works in. */
export async function setActiveOrganisation(db: Executor, sessionId: string, organisationId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ active_organisation_id: organisationId })
    .where('id', '=', sessionId)
    .execute();
}

/** A live session with the person it belongs to. */
export interface LoadedSession {
  id: string;
  userId: string;
  secondFactorPending: boolean;
  activeOrganisationId: string | null;
  lastSeenAt: Date;
  email: string;
  displayName: string;
  isSystemAdmin: boolean;
  totpEnabled: boolean;
}

/** Finds the live session for a cookie token, or null when it is unknown, expired or idle too long. */
export async function findSession(db: Executor, config: Config, token: string): Promise<LoadedSession | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.second_factor_pending',
      'sessions.active_organisation_id',
      'sessions.last_seen_at',
      'users.email',
      'users.display_name',
      'users.is_system_admin',
      'users.totp_enabled_at',
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where(
      'sessions.last_seen_at',
      '>',
      sql<Date>`now() - make_interval(mins => ${config.security.sessionIdleMinutes})`,
    )
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  return {
    id: row.id,
    userId: row.user_id,
    secondFactorPending: row.second_factor_pending,
    activeOrganisationId: row.active_organisation_id,
    lastSeenAt: row.last_seen_at,
    email: row.email,
    displayName: row.display_name,
    isSystemAdmin: row.is_system_admin,
    totpEnabled: row.totp_enabled_at !== null,
  };
}

/** Marks the session as used now, at most once a minute to spare the database. */
export async function touchSession(db: Executor, session: LoadedSession): Promise<void> {
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', session.id).execute();
  }
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.security.secureCookies,
    path: '/',
    maxAge: config.security.sessionMaxHours * 3600,
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Deletes expired sessions; run by the nightly sweep. */
export async function sweepSessions(db: Executor): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
