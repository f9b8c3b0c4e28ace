import { recordAudit } from '../../../platform/audit/audit.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { decryptSecret } from '../../../platform/crypto.ts';
import { listSessionHours } from '../../champions/index.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import { assertRecordable, sessionAccess, sessionLength, type SessionAccess } from './session-access.policy.ts';
import { listLateSubmissions, listRegister } from './session-record.repo.ts';
import { championNames, listActiveChampions, listRotaChampions } from './session-people.service.ts';
import type { RecordRules } from './session-record.rules.ts';
import { REFERRAL_ROUTES } from './session-record.schemas.ts';

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

/** The routes an activity accepts, in the form's order. */
function routesOf(routes: readonly string[]): ReferralRoute[] {
  return REFERRAL_ROUTES.filter((route) => routes.includes(route));
}

/** The rows, the other champions and the rules for a session someone may record. */
export async function screenFor(
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
