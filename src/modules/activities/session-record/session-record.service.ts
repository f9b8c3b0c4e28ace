import { recordAudit } from '../../../platform/audit/audit.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { encryptSecret } from '../../../platform/crypto.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { replaceSessionHours } from '../../champions/index.ts';
import { assertRecordable, sessionAccess, type SessionAccess } from './session-access.policy.ts';
import { helperClearanceErrors } from './helper-clearance.service.ts';
import { routeIncident } from './incidents.service.ts';
import {
  findSubmission,
  insertSubmission,
  lockSession,
  replaceRegister,
  saveSessionCounts,
} from './session-record.repo.ts';
import { screenFor } from './record-screen.service.ts';
import type { RawRecord } from './session-record.schemas.ts';
import { checkRecord, payloadHash, type RecordRules, type SessionRecordInput } from './session-record.rules.ts';

/** What happened to a submission. */
export interface RecordOutcome {
  applied: boolean;
  /** True when the same submission had been received before (nothing was done again). */
  repeated: boolean;
  recordedAt: string;
  sessionId: string;
}

/**
 * Checks and applies a session record from the form or the API, and says what happened to
 * the submission. A record that breaks the screen's rules is refused with a ValidationError
 * keyed by the form's fields; a champion added as a helper must be cleared for a role the
 * session needs (see helper-clearance.service.ts).
 */
export async function submitSessionRecord(
  ctx: ServiceContext,
  sessionId: string,
  raw: RawRecord,
): Promise<{ outcome: RecordOutcome; access: SessionAccess }> {
  const access = await sessionAccess(ctx, sessionId);
  assertRecordable(access.session);
  const screen = await screenFor(ctx, access, { readRegister: false });
  const checked = checkRecord(raw, screen.rules);
  if (!checked.ok) {
    throw new ValidationError(checked.errors);
  }
  const uncleared = await helperClearanceErrors(
    ctx.db,
    access.session,
    { rows: screen.rows, names: screen.rules.champions },
    checked.data,
    raw,
  );
  if (uncleared) {
    throw new ValidationError(uncleared);
  }
  return { outcome: await applySessionRecord(ctx, access, checked.data, screen.rules), access };
}

/**
 * Applies a checked record in one transaction. The idempotency key makes retries safe: the
 * same submission again returns the earlier outcome; the same key with different content is
 * a conflict. A record made earlier than the one already kept is stored but not applied (the
 * later record wins and nothing is lost). Otherwise the counts, the champions' hours (one row
 * each, replacing any earlier set), the register and the incident flag are written.
 */
export async function applySessionRecord(
  ctx: ServiceContext,
  access: SessionAccess,
  record: SessionRecordInput,
  rules: RecordRules,
): Promise<RecordOutcome> {
  const actor = actorOf(ctx);
  const { session, scope } = access;
  const hash = payloadHash(session.id, record);
  const key = ctx.config.security.encryptionKey;
  return withTransaction(ctx.db, async (tx) => {
    const locked = await lockSession(tx, scope, session.id);
    if (!locked) {
      throw new NotFoundError();
    }
    const earlier = await findSubmission(tx, record.idempotencyKey);
    if (earlier) {
      if (earlier.session_id !== session.id || earlier.payload_sha256 !== hash) {
        throw new ConflictError(
          'This record was already sent with different answers. Open the session again and record it.',
        );
      }
      return {
        applied: earlier.applied,
        repeated: true,
        recordedAt: (earlier.recorded_at ?? new Date(record.recordedAt)).toISOString(),
        sessionId: session.id,
      };
    }
    // A phone whose clock runs fast must not make its record win over later ones.
    const recordedAt = new Date(Math.min(Date.parse(record.recordedAt), Date.now()));
    const base = {
      idempotencyKey: record.idempotencyKey,
      sessionId: session.id,
      organisationId: session.organisation_id,
      userId: actor.userId,
      payloadSha256: hash,
      recordedAt: recordedAt.toISOString(),
    };
    if (locked.recorded_at && recordedAt.getTime() < locked.recorded_at.getTime()) {
      const { idempotencyKey: _key, ...content } = record;
      await insertSubmission(tx, scope, {
        ...base,
        applied: false,
        payloadEnc: encryptSecret(key, JSON.stringify(content)),
      });
      await recordAudit(tx, ctx.audit, {
        action: 'activity.session-record-kept',
        subjectType: 'activity_session',
        subjectId: session.id,
        organisationId: session.organisation_id,
        details: { applied: false },
      });
      return { applied: false, repeated: false, recordedAt: recordedAt.toISOString(), sessionId: session.id };
    }
    await saveSessionCounts(tx, scope, session.id, { ...record, recordedBy: actor.userId, recordedAt });
    const hours = await replaceSessionHours(
      tx,
      { sessionId: session.id, workedOn: session.local_date, description: `Session: ${session.activity_name}` },
      record.champions,
    );
    if (rules.registerKept) {
      await replaceRegister(
        tx,
        scope,
        { id: session.id, organisationId: session.organisation_id },
        record.register.map((name) => encryptSecret(key, name)),
        actor.userId,
      );
      await recordAudit(tx, ctx.audit, {
        action: 'activity.register-recorded',
        subjectType: 'activity_session',
        subjectId: session.id,
        organisationId: session.organisation_id,
        details: { names: record.register.length },
      });
    }
    if (record.incidentFlagged && !locked.incident_routed_at) {
      await routeIncident(tx, ctx, scope, session, { name: actor.displayName, email: actor.email });
    }
    await insertSubmission(tx, scope, { ...base, applied: true, payloadEnc: null });
    await recordAudit(tx, ctx.audit, {
      action: 'activity.session-recorded',
      subjectType: 'activity_session',
      subjectId: session.id,
      organisationId: session.organisation_id,
      details: {
        activityId: session.activity_id,
        headCount: record.headCount,
        champions: record.champions.length,
        minutes: record.champions.reduce((sum, time) => sum + time.minutes, 0),
        rerecorded: locked.recorded_at !== null,
        incidentFlagged: record.incidentFlagged,
        hours,
      },
    });
    return { applied: true, repeated: false, recordedAt: recordedAt.toISOString(), sessionId: session.id };
  });
}
