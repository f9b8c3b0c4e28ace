import type { Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.types.ts';

// Row types and column unions for the signposting tables, derived from the generated
// database types (npm run db:types), so they follow the migrations.

/** A person being helped: every identifying column sealed. */
export type SpPeopleTable = DB['sp_people'];
/** One care-navigation conversation. */
export type SpNavigationEventsTable = DB['sp_navigation_events'];
/** Where a navigation event pointed the person. */
export type SpNavigationDestinationsTable = DB['sp_navigation_destinations'];
/** A need nothing suitable meets. */
export type SpUnmetNeedsTable = DB['sp_unmet_needs'];

/** A person's row as read (sealed values). */
export type PersonRow = Selectable<SpPeopleTable>;
/** A navigation event as read. */
export type NavigationEventRow = Selectable<SpNavigationEventsTable>;
/** An unmet need as read. */
export type UnmetNeedRow = Selectable<SpUnmetNeedsTable>;

/** How the conversation went: signposted, declined to discuss, or stopped by a red flag. */
export type NavigationOutcome = Selectable<SpNavigationEventsTable>['outcome'];
/** How the person reached reception. */
export type NavigationSource = Selectable<SpNavigationEventsTable>['source'];
/** How the information was given. */
export type NavigationChannel = Selectable<SpNavigationEventsTable>['channels'][number];
