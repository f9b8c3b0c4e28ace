import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { NavigationChannel, NavigationOutcome, NavigationSource } from '../signposting.tables.ts';
import { scopeIds } from '../shared/scope.rules.ts';

/** A navigation event as written. */
export interface NewNavigationEvent {
  id: string;
  organisationId: string;
  navigatorUserId: string;
  occurredAt: Date;
  source: NavigationSource;
  outcome: NavigationOutcome;
  needTermIds: string[];
  channels: NavigationChannel[];
  staleSent: boolean;
  personId: string | null;
  destinations: { serviceId: string; serviceName: string }[];
}

/** Stores one navigation event and its destinations. */
export async function insertNavigationEvent(db: Executor, scope: Scope, event: NewNavigationEvent): Promise<void> {
  requireInScope(scope, event.organisationId);
  await db
    .insertInto('sp_navigation_events')
    .values({
      id: event.id,
      organisation_id: event.organisationId,
      navigator_user_id: event.navigatorUserId,
      occurred_at: event.occurredAt,
      source: event.source,
      outcome: event.outcome,
      need_term_ids: event.needTermIds,
      channels: event.channels,
      stale_sent: event.staleSent,
      person_id: event.personId,
    })
    .execute();
  if (event.destinations.length > 0) {
    await db
      .insertInto('sp_navigation_destinations')
      .values(
        event.destinations.map((destination) => ({
          event_id: event.id,
          service_id: destination.serviceId,
          service_name: destination.serviceName,
        })),
      )
      .execute();
  }
}

/** The scope's navigation events in [from, to). */
function eventsInPeriod(db: Executor, scope: Scope, from: Date, to: Date) {
  return db
    .selectFrom('sp_navigation_events')
    .where('organisation_id', 'in', scopeIds(scope))
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to);
}

/** How many events of each outcome the scope recorded in [from, to). */
export async function countOutcomes(db: Executor, scope: Scope, from: Date, to: Date) {
  return eventsInPeriod(db, scope, from, to)
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('outcome')
    .execute();
}

/** How many signposted events named each need in [from, to). */
export async function countByNeed(db: Executor, scope: Scope, from: Date, to: Date) {
  return eventsInPeriod(db, scope, from, to)
    .select([
      (eb) => eb.fn<string>('unnest', ['need_term_ids']).as('term_id'),
      (eb) => eb.fn.countAll<string>().as('count'),
    ])
    .groupBy('term_id')
    .execute();
}

/** How many events pointed to each destination in [from, to). */
export async function countByDestination(db: Executor, scope: Scope, from: Date, to: Date) {
  return db
    .selectFrom('sp_navigation_destinations as d')
    .innerJoin('sp_navigation_events as e', 'e.id', 'd.event_id')
    .select(['d.service_name as name', (eb) => eb.fn.countAll<string>().as('count')])
    .where('e.organisation_id', 'in', scopeIds(scope))
    .where('e.occurred_at', '>=', from)
    .where('e.occurred_at', '<', to)
    .groupBy('d.service_name')
    .orderBy('count', 'desc')
    .limit(50)
    .execute();
}
