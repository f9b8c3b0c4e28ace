import type { Insertable, Selectable } from 'kysely';
import type { DB } from './database.types.ts';

// The platform's view of the database: every table, from the generated types (npm run db:types).
// Modules derive their own row types from the same file in their *.tables.ts.

/** Every table the app knows, for Kysely's typed queries. */
export type Database = DB;

/** The `organisations` table. */
export type OrganisationsTable = DB['organisations'];
/** The `programme_practices` table. */
export type ProgrammePracticesTable = DB['programme_practices'];
/** The `users` table. */
export type UsersTable = DB['users'];
/** The `memberships` table. */
export type MembershipsTable = DB['memberships'];
/** The `sessions` table. */
export type SessionsTable = DB['sessions'];
/** The `sign_in_attempts` table. */
export type SignInAttemptsTable = DB['sign_in_attempts'];
/** The `password_reset_tokens` table. */
export type PasswordResetTokensTable = DB['password_reset_tokens'];
/** The `invitations` table. */
export type InvitationsTable = DB['invitations'];
/** The `audit_events` table. */
export type AuditEventsTable = DB['audit_events'];
/** The `outbox_messages` table. */
export type OutboxMessagesTable = DB['outbox_messages'];
/** The `jobs` table. */
export type JobsTable = DB['jobs'];
/** The `rate_limit_hits` table. */
export type RateLimitHitsTable = DB['rate_limit_hits'];
/** The `data_changes` table: the data version the public response cache is keyed by. */
export type DataChangesTable = DB['data_changes'];
/** The `schema_migrations` table. */
export type SchemaMigrationsTable = DB['schema_migrations'];

/** An organisation as read. */
export type OrganisationRow = Selectable<OrganisationsTable>;
/** A user as read. */
export type UserRow = Selectable<UsersTable>;
/** A membership as read. */
export type MembershipRow = Selectable<MembershipsTable>;
/** A session as read. */
export type SessionRow = Selectable<SessionsTable>;
/** An invitation as read. */
export type InvitationRow = Selectable<InvitationsTable>;
/** An audit event as read. */
export type AuditEventRow = Selectable<AuditEventsTable>;
/** An outbox message as read. */
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
/** A job as read. */
export type JobRow = Selectable<JobsTable>;
/** An audit event to insert. */
export type NewAuditEvent = Insertable<AuditEventsTable>;
