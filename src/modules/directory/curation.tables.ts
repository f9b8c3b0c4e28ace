import type { DB } from '../../platform/db/database.types.ts';

// Curation tables from migrations/202611231200_extend_directory_curation.sql and later
// (the columns it added to directory tables are in the generated types with the rest).

/** Every word of every service, for correcting misspelt search words. */
export type DirSearchWordsTable = DB['dir_search_words'];

/** How many services are public (active and published), kept by triggers for the ORUK feed. */
export type DirPublicServiceCountTable = DB['dir_public_service_count'];

/** Where a proposed change came from. */
export type ProposalSource = 'member' | 'public' | 'provider';
