import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ActivitiesTables } from '../../modules/activities/activities.tables.ts';
import type { ChampionActivityTables } from '../../modules/champions/champion-activity.tables.ts';
import type { ChampionsTables } from '../../modules/champions/champions.tables.ts';
import type { DirectoryTables } from '../../modules/directory/directory.tables.ts';

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface OrganisationsTable {
  id: string;
  kind: 'area' | 'network' | 'practice' | 'setting' | 'programme';
  subtype: string;
  name: string;
  ods_code: string | null;
  parent_id: string | null;
  postcode: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammePracticesTable {
  programme_id: string;
  practice_id: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_system_admin: Generated<boolean>;
  totp_secret_enc: string | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: number | null;
  failed_sign_ins: Generated<number>;
  locked_until: NullableTimestamp;
  last_sign_in_at: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  role: string;
  granted_by: string | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  active_organisation_id: string | null;
  second_factor_pending: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface SignInAttemptsTable {
  id: string;
  ip: string;
  email_hash: string;
  succeeded: boolean;
  at: Timestamp;
}

export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  email: string;
  organisation_id: string;
  role: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: string | null;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface AuditEventsTable {
  id: string;
  at: Timestamp;
  actor_user_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  request_id: string | null;
  ip: string | null;
  details: Json;
}

export interface OutboxMessagesTable {
  id: string;
  channel: Generated<'email' | 'sms'>;
  recipient: string;
  subject: string;
  body: string;
  organisation_id: string | null;
  status: Generated<'pending' | 'sent' | 'failed' | 'kept'>;
  transport: string;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface JobsTable {
  id: string;
  name: string;
  payload: Json;
  run_at: Timestamp;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  singleton_key: string | null;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface RateLimitHitsTable {
  key: string;
  window_start: Date | string;
  hits: Generated<number>;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

/** Every table the app knows, for Kysely's typed queries (modules add theirs by extension). */
export interface Database extends DirectoryTables, ChampionsTables, ChampionActivityTables, ActivitiesTables {
  organisations: OrganisationsTable;
  programme_practices: ProgrammePracticesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  password_reset_tokens: PasswordResetTokensTable;
  invitations: InvitationsTable;
  audit_events: AuditEventsTable;
  outbox_messages: OutboxMessagesTable;
  jobs: JobsTable;
  rate_limit_hits: RateLimitHitsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type UserRow = Selectable<UsersTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type OutboxMessageRow = Selectable<OutboxMessagesTable>;
export type JobRow = Selectable<JobsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
