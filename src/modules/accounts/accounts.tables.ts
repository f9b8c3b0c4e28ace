import type { Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.types.ts';

// Row types for the accounts module's own tables, derived from the generated database types
// (npm run db:types). `users`, `sessions` and the sign-in tables are the foundation's.

/** Which identity at which OpenID Connect issuer is which account (single sign-on). */
export type OidcIdentitiesTable = DB['oidc_identities'];

/** A linked single sign-on identity as read. */
export type OidcIdentityRow = Selectable<OidcIdentitiesTable>;
