import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import { hashToken, newToken } from '../../lib/ids.ts';
import type { Executor } from '../db/transaction.ts';
import { findLiveSession, insertSession, markSessionSeen } from './session.repo.ts';

export { endAllSessions, endOtherSessions, endSession, setActiveOrganisation, sweepSessions } from './session.repo.ts';

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
  await insertSession(db, {
    id: hashToken(token),
    user_id: session.userId,
    second_factor_pending: session.secondFactorPending,
    active_organisation_id: session.activeOrganisationId,
    expires_at: new Date(Date.now() + config.security.sessionMaxHours * 3_600_000),
    ip: session.ip,
    user_agent: session.userAgent?.slice(0, 300) ?? null,
  });
  return token;
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
  const row = await findLiveSession(db, hashToken(token), config.security.sessionIdleMinutes);
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
    await markSessionSeen(db, session.id);
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
