import { recordAudit } from '../../../platform/audit/audit.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { decryptSecret, encryptSecret } from '../../../platform/crypto.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { listSessionHours, replaceSessionHours } from '../../champions/index.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import { assertRecordable, sessionAccess, sessionLength, type SessionAccess } from './session-access.policy.ts';
import { helperClearanceErrors } from './helper-clearance.service.ts';
import { routeIncident } from './incidents.service.ts';
import {
  findSubmission,
  insertSubmission,
  listLateSubmissions,
  listRegister,
  lockSession,
  replaceRegister,
  saveSessionCounts,
} from './session-record.repo.ts';
import { championNames, listActiveChampions, listRotaChampions } from './session-people.service.ts';
import {
  checkRecord,
  payloadHash,
  REFERRAL_ROUTES,
  type RawRecord,
  type RecordRules,
  type SessionRecordInput,
} from './session-record.schemas.ts';

/** One champion row of the record screen: on the rota, or recorded earlier. */
export interface ChampionRow {
  championId: string;
  name: string;
  roleName: string | null;
  minutes: number;
  ticked: boolean;
}

/** What the record screen needs: the session, the rules and who can be listed. */
export interface RecordScreen {
  access: SessionAccess;
  rules: RecordRules;
  rows: ChampionRow[];
  /** The organisation's other active champions, for "another champion helped". */
  others: { id: string; name: string }[];
  /** The names on the register as recorded (read and audited only when asked for). */
  register: string[];
  late: { recordedAt: Date | null; by: string; headCount: number | null }[];
}

/** What happened to a submission. */
export interface RecordOutcome {
  applied: boolean;
  /** True when the same submission had been received before (nothing was done again). */
  repeated: boolean;
  recordedAt: string;
  sessionId: string;
}

/** The routes an activity accepts, in the form's order. */
function routesOf(routes: readonly string[]): ReferralRoute[] {
  return REFERRAL_ROUTES.filter((route) => routes.includes(route));
}

/** The rows, the other champions and the rules for a session someone may record. */
async function screenFor(
  ctx: ServiceContext,
  access: SessionAccess,
  options: { readRegister: boolean },
): Promise<RecordScreen> {
  const { session, scope } = access;
  const rota = await listRotaChampions(ctx.db, scope, session.id);
  const recorded = await listSessionHours(ctx.db, session.id);
  const wasRecorded = session.recorded_at !== null;
  const length = sessionLength(session);
  const rows: ChampionRow[] = [];
  for (const place of rota) {
    if (!rows.some((row) => row.championId === place.id)) {
      const time = recorded.find((entry) => entry.championId === place.id);
      rows.push({
        championId: place.id,
        name: place.display_name,
        roleName: place.role_name,
        minutes: time?.minutes ?? length,
        ticked: wasRecorded ? time !== undefined : true,
      });
    }
  }
  const extraIds = recorded
    .filter((entry) => !rows.some((row) => row.championId === entry.championId))
    .map((entry) => entry.championId);
  const extraNames = await championNames(ctx.db, scope, extraIds);
  for (const entry of recorded.filter((time) => extraIds.includes(time.championId))) {
    rows.push({
      championId: entry.championId,
      name: extraNames.get(entry.championId) ?? 'A former champion',
      roleName: null,
      minutes: entry.minutes,
      ticked: true,
    });
  }
  const active = await listActiveChampions(ctx.db, scope, session.organisation_id);
  const others = active
    .filter((champion) => !rows.some((row) => row.championId === champion.id))
    .map((champion) => ({ id: champion.id, name: champion.display_name }));
  const champions = new Map<string, string>([
    ...rows.map((row) => [row.championId, row.name] as const),
    ...others.map((other) => [other.id, other.name] as const),
  ]);
  const rules: RecordRules = {
    routes: routesOf(session.referral_routes),
    serviceSupport: session.delivery_mode === 'service_support',
    registerKept: session.named_register_reason !== null,
    champions,
  };
  const register = options.readRegister && rules.registerKept ? await readRegister(ctx, access) : [];
  const key = ctx.config.security.encryptionKey;
  const late = (await listLateSubmissions(ctx.db, scope, session.id)).map((row) => {
    let headCount: number | null = null;
    try {
      headCount = row.payload_enc
        ? ((JSON.parse(decryptSecret(key, row.payload_enc)) as { headCount?: number }).headCount ?? null)
        : null;
    } catch {
      headCount = null;
    }
    return { recordedAt: row.recorded_at, by: row.display_name ?? 'Someone', headCount };
  });
  return { access, rules, rows, others, register, late };
}

/** The names on a session's register, decrypted; every read is audited. */
async function readRegister(ctx: ServiceContext, access: SessionAccess): Promise<string[]> {
  const sealed = await listRegister(ctx.db, access.scope, access.session.id);
  if (sealed.length === 0) {
    return [];
  }
  const names = sealed.map((value) => decryptSecret(ctx.config.security.encryptionKey, value));
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.register-viewed',
    subjectType: 'activity_session',
    subjectId: access.session.id,
    organisationId: access.session.organisation_id,
    details: { names: names.length },
  });
  return names;
}

/** The record screen of a session the person may record (and which can be recorded now). */
export async function recordScreen(ctx: ServiceContext, sessionId: string): Promise<RecordScreen> {
  const access = await sessionAccess(ctx, sessionId);
  assertRecordable(access.session);
  const screen = await screenFor(ctx, access, { readRegister: true });
  // The screen names the rota and every other active champion (the register has its own row).
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.session-record-viewed',
    subjectType: 'activity_session',
    subjectId: access.session.id,
    organisationId: access.session.organisation_id,
    details: { champions: screen.rows.length + screen.others.length },
  });
  return screen;
}

/** The record screen shown again after a refused submission (the register is not read again). */
export async function recordScreenAgain(ctx: ServiceContext, sessionId: string): Promise<RecordScreen> {
  const access = await sessionAccess(ctx, sessionId);
  assertRecordable(access.session);
  return screenFor(ctx, access, { readRegister: false });
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
