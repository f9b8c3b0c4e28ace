import type { Executor } from '../../../platform/db/transaction.ts';

/** A champion stepping away: leaving for good, or pausing until a date (null when unknown). */
export interface ChampionDeparture {
  championId: string;
  organisationId: string;
  kind: 'left' | 'paused';
  /** For a pause, the date (YYYY-MM-DD) they expect to be back; null when not known. */
  until: string | null;
}

/** Something another module does when a champion leaves or pauses, inside the same transaction. */
export type DepartureHandler = (tx: Executor, departure: ChampionDeparture) => Promise<void>;

// Keyed by name, so a module registering again (a second app in one test process) replaces
// its handler rather than running it twice.
const handlers = new Map<string, DepartureHandler>();

/**
 * Registers what a module does when a champion leaves or pauses (activities frees their rota
 * places, for example). Registering the same name again replaces the earlier handler.
 */
export function onChampionDeparture(name: string, handler: DepartureHandler): void {
  handlers.set(name, handler);
}

/** Runs every registered departure handler inside the caller's transaction, in registration order. */
export async function runDepartureHandlers(tx: Executor, departure: ChampionDeparture): Promise<void> {
  for (const handler of handlers.values()) {
    await handler(tx, departure);
  }
}
