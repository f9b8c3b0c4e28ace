import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import { scopeIds } from '../shared/activity-records.repo.ts';
import { SESSION_COUNT_COLUMNS } from './session-totals.repo.ts';

/** A session with what the record screen needs of its activity and organisation (no scope: used to decide access). */
export async function findSessionForRecord(db: Executor, sessionId: string) {
  return db
    .selectFrom('activity_sessions')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('organisations', 'organisations.id', 'activity_sessions.organisation_id')
    .select([
      'activity_sessions.id',
      'activity_sessions.activity_id',
      'activity_sessions.organisation_id',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activity_sessions.venue_name',
      ...SESSION_COUNT_COLUMNS,
      'activity_sessions.incident_routed_at',
      'activity_sessions.recorded_by',
      'activity_sessions.recorded_at',
      'activities.name as activity_name',
      'activities.venue_name as activity_venue',
      'activities.delivery_mode',
      'activities.referral_routes',
      'activities.named_register_reason',
      'organisations.name as organisation_name',
      'organisations.parent_id as organisation_parent_id',
    ])
    .where('activity_sessions.id', '=', sessionId)
    .executeTakeFirst();
}

/** A session as the record screen and service see it. */
export type SessionForRecord = NonNullable<Awaited<ReturnType<typeof findSessionForRecord>>>;

/** Holds the session's row until the transaction ends, so two records of it apply one after the other. */
export async function lockSession(
  db: Executor,
  scope: Scope,
  sessionId: string,
): Promise<{ recorded_at: Date | null; incident_routed_at: Date | null } | undefined> {
  return db
    .selectFrom('activity_sessions')
    .select(['recorded_at', 'incident_routed_at'])
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** True when one of the champions leads the session's activity or holds a place on its rota. */
export async function isConnectedToSession(
  db: Executor,
  session: { id: string; activity_id: string },
  championIds: readonly string[],
): Promise<boolean> {
  if (championIds.length === 0) {
    return false;
  }
  const lead = await db
    .selectFrom('activity_leads')
    .select('champion_id')
    .where('activity_id', '=', session.activity_id)
    .where('champion_id', 'in', [...championIds])
    .executeTakeFirst();
  if (lead) {
    return true;
  }
  const place = await db
    .selectFrom('activity_rota_places')
    .select('id')
    .where('session_id', '=', session.id)
    .where('champion_id', 'in', [...championIds])
    .executeTakeFirst();
  return place !== undefined;
}

/** The places on the session's rota that someone holds: who, in which role and position. */
export async function heldRotaPlaces(db: Executor, scope: Scope, sessionId: string) {
  return db
    .selectFrom('activity_rota_places')
    .select(['champion_id', 'role_template_id', 'position'])
    .where('session_id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('champion_id', 'is not', null)
    .execute();
}

/** The role templates a session needs: those of its rota places and those its activity asks for now. */
export async function roleIdsNeeded(
  db: Executor,
  scope: Scope,
  session: { id: string; activity_id: string },
): Promise<string[]> {
  const onRota = await db
    .selectFrom('activity_rota_places')
    .select('role_template_id')
    .where('session_id', '=', session.id)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  const asked = await db
    .selectFrom('activity_roles')
    .select('role_template_id')
    .where('activity_id', '=', session.activity_id)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  return [...onRota, ...asked].map((row) => row.role_template_id);
}

/** An earlier submission under this idempotency key, if any. */
export async function findSubmission(db: Executor, idempotencyKey: string) {
  return db
    .selectFrom('activity_session_submissions')
    .select(['session_id', 'payload_sha256', 'applied', 'recorded_at'])
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
}

/** Keeps a submission by its key: applied, or kept (encrypted) but not applied. */
export async function insertSubmission(
  db: Executor,
  scope: Scope,
  row: {
    idempotencyKey: string;
    sessionId: string;
    organisationId: string;
    userId: string | null;
    payloadSha256: string;
    applied: boolean;
    recordedAt: string;
    payloadEnc: string | null;
  },
): Promise<void> {
  requireInScope(scope, row.organisationId);
  await db
    .insertInto('activity_session_submissions')
    .values({
      idempotency_key: row.idempotencyKey,
      session_id: row.sessionId,
      organisation_id: row.organisationId,
      submitted_by: row.userId,
      payload_sha256: row.payloadSha256,
      applied: row.applied,
      recorded_at: row.recordedAt,
      payload_enc: row.payloadEnc,
    })
    .execute();
}

/** Submissions of a session that arrived after a later record and were kept but not applied. */
export async function listLateSubmissions(db: Executor, scope: Scope, sessionId: string) {
  return db
    .selectFrom('activity_session_submissions')
    .leftJoin('users', 'users.id', 'activity_session_submissions.submitted_by')
    .select([
      'activity_session_submissions.recorded_at',
      'activity_session_submissions.received_at',
      'activity_session_submissions.payload_enc',
      'users.display_name',
    ])
    .where('activity_session_submissions.session_id', '=', sessionId)
    .where('activity_session_submissions.organisation_id', 'in', scopeIds(scope))
    .where('activity_session_submissions.applied', '=', false)
    .orderBy('activity_session_submissions.received_at', 'desc')
    .limit(20)
    .execute();
}

/** Writes a session's counts and marks it delivered, by whom and when it was recorded. */
export async function saveSessionCounts(
  db: Executor,
  scope: Scope,
  sessionId: string,
  record: {
    headCount: number;
    newAttendees: number;
    referred: Record<ReferralRoute, number>;
    peopleSupported: number | null;
    incidentFlagged: boolean;
    recordedBy: string | null;
    recordedAt: Date;
  },
): Promise<void> {
  await db
    .updateTable('activity_sessions')
    .set({
      head_count: record.headCount,
      new_attendees: record.newAttendees,
      referred_self: record.referred.self,
      referred_reception: record.referred.reception,
      referred_gp: record.referred.gp,
      referred_link_worker: record.referred.link_worker,
      people_supported: record.peopleSupported,
      incident_flagged: record.incidentFlagged,
      status: 'delivered',
      recorded_by: record.recordedBy,
      recorded_at: record.recordedAt,
    })
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** Notes that the session's incident flag has been routed to the safeguarding lead. */
export async function markIncidentRouted(db: Executor, scope: Scope, sessionId: string): Promise<void> {
  await db
    .updateTable('activity_sessions')
    .set({ incident_routed_at: sql<Date>`now()` })
    .where('id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
}

/** Replaces a session's named register with these (already encrypted) names. */
export async function replaceRegister(
  db: Executor,
  scope: Scope,
  session: { id: string; organisationId: string },
  encryptedNames: readonly string[],
  userId: string | null,
): Promise<void> {
  await db
    .deleteFrom('activity_register_entries')
    .where('session_id', '=', session.id)
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  if (encryptedNames.length > 0) {
    const now = Date.now();
    await db
      .insertInto('activity_register_entries')
      // One millisecond apart, so the names read back in the order they were written.
      .values(
        encryptedNames.map((nameEnc, index) => ({
          id: newId(),
          session_id: session.id,
          organisation_id: session.organisationId,
          name_enc: nameEnc,
          created_by: userId,
          created_at: new Date(now + index),
        })),
      )
      .execute();
  }
}

/** A session's named register, encrypted, in the order written. */
export async function listRegister(db: Executor, scope: Scope, sessionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('activity_register_entries')
    .select('name_enc')
    .where('session_id', '=', sessionId)
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.name_enc);
}

/** People to tell about an incident: members with one of `roles` in the organisation, with a live log-in. */
export async function membersWithRole(
  db: Executor,
  scope: Scope,
  organisationId: string,
  role: string,
): Promise<{ email: string; displayName: string }[]> {
  requireInScope(scope, organisationId);
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.display_name'])
    .where('memberships.organisation_id', '=', organisationId)
    .where('memberships.role', '=', role)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.email')
    .execute();
  return rows.map((row) => ({ email: row.email, displayName: row.display_name }));
}

/** The network an organisation sits in, if any. */
export async function networkOf(db: Executor, organisationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('organisations as child')
    .innerJoin('organisations as parent', 'parent.id', 'child.parent_id')
    .select('parent.id')
    .where('child.id', '=', organisationId)
    .where('parent.kind', '=', 'network')
    .executeTakeFirst();
  return row?.id ?? null;
}
