import type { Executor } from '../../../platform/db/transaction.ts';
import {
  deleteSessionRow,
  insertSessionRow,
  minutesAtSessions,
  organisationsOfChampions,
  sessionHoursRows,
  updateSessionRow,
} from './session-hours.repo.ts';

/** One champion's time at a session, as recorded by the session's lead. */
export interface SessionTime {
  championId: string;
  minutes: number;
}

/** What changed when a session's hours were replaced. */
export interface SessionHoursChange {
  added: number;
  changed: number;
  removed: number;
  /** Verified rows of champions no longer ticked: kept, because a coordinator checked them. */
  keptVerified: number;
}

/**
 * Replaces the champion_hours rows of one activity session (category 'session') with `times`,
 * inside the caller's transaction: one row per champion per session (a unique index holds
 * this), on the session's London date, in each champion's own organisation so it counts in
 * their totals. Rows of champions no longer listed are deleted while still 'logged'; a
 * verified row whose minutes change goes back to 'logged' for the coordinator to check again.
 */
export async function replaceSessionHours(
  db: Executor,
  session: { sessionId: string; workedOn: string; description: string },
  times: readonly SessionTime[],
): Promise<SessionHoursChange> {
  const existing = await sessionHoursRows(db, session.sessionId);
  const wanted = new Map(times.map((time) => [time.championId, time.minutes]));
  const change: SessionHoursChange = { added: 0, changed: 0, removed: 0, keptVerified: 0 };
  for (const row of existing) {
    if (wanted.has(row.champion_id)) {
      continue;
    }
    if (row.status === 'logged') {
      await deleteSessionRow(db, row.id);
      change.removed += 1;
    } else {
      change.keptVerified += 1;
    }
  }
  const description = session.description.slice(0, 500);
  const championIds = [...wanted.keys()];
  const organisationOf = await organisationsOfChampions(db, championIds);
  for (const [championId, minutes] of wanted) {
    const organisationId = organisationOf.get(championId);
    if (!organisationId) {
      continue;
    }
    const current = existing.find((row) => row.champion_id === championId);
    if (!current) {
      await insertSessionRow(db, {
        championId,
        organisationId,
        sessionId: session.sessionId,
        workedOn: session.workedOn,
        minutes,
        description,
      });
      change.added += 1;
    } else if (current.minutes !== minutes || String(current.worked_on) !== session.workedOn) {
      await updateSessionRow(db, current.id, { minutes, workedOn: session.workedOn, description });
      change.changed += 1;
    }
  }
  return change;
}

/** The time recorded at one session, champion by champion. */
export async function listSessionHours(
  db: Executor,
  sessionId: string,
): Promise<{ championId: string; minutes: number; status: 'logged' | 'verified' }[]> {
  const rows = await sessionHoursRows(db, sessionId);
  return rows.map((row) => ({ championId: row.champion_id, minutes: row.minutes, status: row.status }));
}

/**
 * Total minutes recorded at each of the given sessions: the same champion_hours rows that the
 * champions' own totals and the hours exports add up, so the figures reconcile by construction.
 */
export async function sessionMinutes(db: Executor, sessionIds: readonly string[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  if (sessionIds.length === 0) {
    return totals;
  }
  for (const row of await minutesAtSessions(db, sessionIds)) {
    totals.set(row.session_id, row.minutes);
  }
  return totals;
}
