import type { ColumnType } from 'kysely';

// Columns added by migrations/202611231200_extend_directory_curation.sql (and open_hours by
// 202611281071_index_directory_filters.sql). They are merged into
// the shared row types of directory.tables.ts by declaration merging, so the two engineers'
// files never need editing at the same time.

type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

declare module './directory.tables.ts' {
  interface DirChangeProposalsTable {
    /** 'member' (signed in), 'public' (report a change) or 'provider' (update link). */
    source: ColumnType<string, string | undefined, string>;
    /** The verification task this proposal completes, if any. */
    verification_task_id: Optional<string>;
  }
  interface DirServicesTable {
    /** A box around the service's located places (cube), kept by triggers for the GiST index. */
    location_extent: ColumnType<string | null, never, never>;
    /** Hours of the week it may be open (day × 24 + hour), kept by a trigger for the GIN index. */
    open_hours: ColumnType<number[], never, never>;
  }
  interface DirLocationsTable {
    /** ll_to_earth(latitude, longitude), kept by the database (a generated column). */
    earth: ColumnType<string | null, never, never>;
  }
  interface DirProviderLinksTable {
    /** The email address the link was sent to. */
    sent_to: Optional<string>;
  }
}

/** Every word of every service, for correcting misspelt search words. */
export interface DirSearchWordsTable {
  word: string;
}

/** How many services are public (active and published), kept by triggers for the ORUK feed. */
export interface DirPublicServiceCountTable {
  id: ColumnType<boolean, never, never>;
  total: ColumnType<string | number, never, never>;
}

declare module '../../platform/db/schema.ts' {
  interface Database {
    dir_search_words: DirSearchWordsTable;
    dir_public_service_count: DirPublicServiceCountTable;
  }
}

/** Where a proposed change came from. */
export type ProposalSource = 'member' | 'public' | 'provider';
