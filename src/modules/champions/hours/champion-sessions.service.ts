import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A session a champion gave time to (from the module that runs sessions: activities). */
export interface ChampionSession {
  id: string;
  activity_name: string;
  starts_at: Date;
  ends_at: Date;
  local_date: string;
}

/** Which sessions to list: on or after `from` (YYYY-MM-DD), started by `now`, or just one. */
export interface ChampionSessionWindow {
  from: string;
  now: Date;
  sessionId?: string;
}

/**
 * The port the champions module offers for "log hours for a session": the champion's own
 * sessions (they held a rota place or lead the activity) in the scope's organisations that have
 * started and were not cancelled, newest first. Champions sits below activities in the module
 * order, so activities provides the implementation when it is registered.
 */
export type ChampionSessionsSource = (
  db: Executor,
  scope: Scope,
  championId: string,
  window: ChampionSessionWindow,
) => Promise<ChampionSession[]>;

// Without a module that runs sessions there are none to log hours for.
let source: ChampionSessionsSource = async () => [];

/** Registers where champions' sessions come from (activities does, when it is registered). */
export function provideChampionSessions(implementation: ChampionSessionsSource): void {
  source = implementation;
}

/** The champion's sessions in the window, from whichever module provides them. */
export function listChampionSessions(
  db: Executor,
  scope: Scope,
  championId: string,
  window: ChampionSessionWindow,
): Promise<ChampionSession[]> {
  return source(db, scope, championId, window);
}
