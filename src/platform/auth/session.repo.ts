/**
 * The sessions table: SQL for server-side sessions (the foundation's, not an organisation's;
 * a session is found by its token's hash). The rules around it live in session.ts.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';

/** A session row as stored. */
export interface SessionRow {
  id: string;
  user_id: string;
  second_factor_pending: boolean;
  active_organisation_id: string | null;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/** Stores a new session. */
export async function insertSession(db: Executor, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
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

/** The live session with this id and its person, unless expired, idle longer than `idleMinutes` or disabled. */
export function findLiveSession(db: Executor, sessionId: string, idleMinutes: number) {
  return db
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
    .where('sessions.id', '=', sessionId)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a session as used now. */
export async function markSessionSeen(db: Executor, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', sessionId).execute();
}

/** Deletes expired sessions; run by the nightly sweep. */
export async function sweepSessions(db: Executor): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
