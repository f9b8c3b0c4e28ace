import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { londonToday } from '../../../lib/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import {
  insertHours,
  listChampionsOf,
  listHoursForChampion,
  listUnverifiedHours,
  markHoursVerified,
  sessionsWithHours,
} from './hours.repo.ts';
import type { LogHoursForm, SessionHoursForm } from './hours.schemas.ts';
import { type ChampionSession, listChampionSessions } from './champion-sessions.service.ts';
import { insertSessionHours } from './session-hours.repo.ts';
import { championTotals } from '../self-service/self-service.repo.ts';
import { myChampion, organisationName, staffScope } from '../self-service/self-service.service.ts';

/** Logs ad hoc time (preparation, directory research, travel or something else) for the signed-in champion. */
export async function logMyHours(ctx: ServiceContext, form: LogHoursForm): Promise<void> {
  const champion = await myChampion(ctx);
  await inTransaction(ctx, async ({ db: tx }) => {
    await insertHours(tx, champion.scope, {
      championId: champion.id,
      organisationId: champion.organisationId,
      workedOn: form.workedOn,
      minutes: form.hours * 60 + form.minutes,
      category: form.category,
      description: form.description,
    });
    await recordAudit(tx, ctx.audit, {
      action: 'champion.hours-logged',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId: champion.organisationId,
    });
  });
}

/** How far back a champion may log their own time at a session (about two months). */
export const SESSION_LOG_DAYS = 56;

function sessionWindow(now: Date, sessionId?: string) {
  return {
    from: londonToday(new Date(now.getTime() - SESSION_LOG_DAYS * 86_400_000)),
    now,
    ...(sessionId ? { sessionId } : {}),
  };
}

/** A session a champion gave time to, and whether they already have hours for it. */
export type LoggableSession = ChampionSession & { logged: boolean };

/** The champion's sessions in a window (from the module that provides them), each marked with whether they have hours for it. */
async function loggableSessions(
  ctx: ServiceContext,
  champion: { id: string; scope: Scope },
  window: ReturnType<typeof sessionWindow>,
): Promise<LoggableSession[]> {
  const sessions = await listChampionSessions(ctx.db, champion.scope, champion.id, window);
  const logged = await sessionsWithHours(
    ctx.db,
    champion.scope,
    champion.id,
    sessions.map((session) => session.id),
  );
  return sessions.map((session) => ({ ...session, logged: logged.has(session.id) }));
}

/**
 * The signed-in champion's sessions of the last SESSION_LOG_DAYS that they have no hours for yet:
 * sessions that have started, were not cancelled, where they held a rota place or that belong to
 * an activity they lead.
 */
export async function mySessionsToLog(ctx: ServiceContext) {
  const now = ctx.clock.now();
  const champion = await myChampion(ctx);
  const sessions = await loggableSessions(ctx, champion, sessionWindow(now));
  return { champion, sessions: sessions.filter((session) => !session.logged) };
}

/** "Knit and natter, Tuesday 3 March 2026" */
export function sessionName(session: Pick<LoggableSession, 'activity_name' | 'starts_at'>): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(session.starts_at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${session.activity_name}, ${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/**
 * Logs the signed-in champion's time at one of their own sessions (see mySessionsToLog) as a row
 * carrying the session, so it counts once in the session's totals and theirs. A session they
 * already have hours for is refused (409): they were recorded by the lead, or logged it before.
 */
export async function logMySessionHours(ctx: ServiceContext, form: SessionHoursForm): Promise<void> {
  const now = ctx.clock.now();
  const champion = await myChampion(ctx);
  const [session] = await loggableSessions(ctx, champion, sessionWindow(now, form.sessionId));
  if (!session) {
    throw new ValidationError({ sessionId: 'Select one of your sessions from the list' });
  }
  const message = `You already have hours for ${sessionName(session)}. If they are wrong, ask the session's lead or your coordinator to change them.`;
  const already = new ConflictError(message, { sessionId: message });
  if (session.logged) {
    throw already;
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    const added = await insertSessionHours(tx, champion.scope, {
      championId: champion.id,
      organisationId: champion.organisationId,
      sessionId: session.id,
      workedOn: session.local_date,
      minutes: form.hours * 60 + form.minutes,
      description: `Session: ${session.activity_name}`,
    });
    if (!added) {
      throw already;
    }
    await recordAudit(tx, ctx.audit, {
      action: 'champion.hours-logged',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId: champion.organisationId,
      details: { sessionId: session.id },
    });
  });
}

/** The signed-in champion's hours and totals. */
export async function myHours(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const rows = await listHoursForChampion(ctx.db, champion.scope, champion.id);
  const totals = (await championTotals(ctx.db, champion.scope, [champion.id])).get(champion.id);
  return { champion, rows, loggedMinutes: totals?.loggedMinutes ?? 0, verifiedMinutes: totals?.verifiedMinutes ?? 0 };
}

/** The coordinator's hours page: rows waiting for verification and every champion's totals. */
export async function hoursForCoordinator(ctx: ServiceContext, organisationId: string) {
  const scope = await staffScope(ctx, 'champions:verify-hours', organisationId);
  const waiting = await listUnverifiedHours(ctx.db, scope, organisationId);
  const champions = await listChampionsOf(ctx.db, scope, organisationId);
  const totals = await championTotals(ctx.db, scope);
  const perChampion = champions.map((champion) => ({
    id: champion.id,
    name: champion.display_name,
    stage: champion.stage,
    totals: totals.get(champion.id) ?? null,
  }));
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.hours-viewed',
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
    details: { waiting: waiting.length },
  });
  return {
    organisation: { id: organisationId, name: await organisationName(ctx, organisationId) },
    waiting,
    perChampion,
  };
}

/** Verifies many hours rows at once. Rows of another organisation are never touched. */
export async function verifyHours(
  ctx: ServiceContext,
  organisationId: string,
  hoursIds: readonly string[],
): Promise<number> {
  const scope = await staffScope(ctx, 'champions:verify-hours', organisationId);
  if (hoursIds.length === 0) {
    throw new ValidationError({ hoursIds: 'Select the hours to verify' });
  }
  return inTransaction(ctx, async ({ db: tx }) => {
    const count = await markHoursVerified(tx, scope, organisationId, hoursIds, ctx.actor?.userId ?? '');
    if (count === 0) {
      throw new NotFoundError('None of those hours are waiting for verification');
    }
    await recordAudit(tx, ctx.audit, {
      action: 'champion.hours-verified',
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
      details: { count },
    });
    return count;
  });
}
