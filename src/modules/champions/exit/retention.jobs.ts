import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { endAllSessions } from '../../../platform/auth/session.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { revokeChampionInvitations } from '../recruitment/stage-moves.service.ts';

/** The daily job that minimises former champions' and stalled applicants' personal data. */
export const RETENTION_JOB = 'champions.retention';

/** The name a minimised champion (and their log-in) is shown under (the column cannot be empty). */
export const FORMER_CHAMPION = 'Former champion';
/** The name a minimised applicant who never became active is shown under. */
export const FORMER_APPLICANT = 'Former applicant';

/** Stages of someone who has not yet become active. */
const APPLICANT_STAGES = ['interested', 'conversation', 'role_offered', 'checks', 'agreements', 'induction'] as const;

/** The first day still inside the retention period, as YYYY-MM-DD. */
const cutoff = (today: Date) => today.toISOString().slice(0, 10);

/**
 * Clears one champion record's personal data: name, contact details, tags, notes they or others
 * wrote about them (on stage changes and signatures), check, reference and training records
 * (courses and dates say what the person did), receipts and exit answers. Hours and money rows
 * stay, so totals still add up, but no longer say whose they were or what was done. Emails still
 * kept for them in the outbox go too. Their log-in is minimised as well when it holds no role
 * anywhere any more.
 */
async function minimiseRecord(tx: Executor, championId: string, organisationId: string, name: string): Promise<void> {
  const record = await tx
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select(['champions.user_id', 'champions.email', 'users.email as login_email'])
    .where('champions.id', '=', championId)
    .executeTakeFirst();
  await revokeChampionInvitations(tx, organisationId, championId);
  const addresses = [record?.email, record?.login_email]
    .filter((email): email is string => Boolean(email))
    .map((email) => email.toLowerCase());
  if (addresses.length > 0) {
    await tx
      .deleteFrom('outbox_messages')
      .where(sql<string>`lower(recipient)`, 'in', addresses)
      .where('status', '<>', 'pending')
      .execute();
  }
  await tx
    .updateTable('champions')
    .set({
      display_name: name,
      email: null,
      phone: null,
      user_id: null,
      access_needs: '',
      heard_via: '',
      updated_at: new Date(),
    })
    .where('id', '=', championId)
    .execute();
  await tx.deleteFrom('champion_tags').where('champion_id', '=', championId).execute();
  await tx.updateTable('champion_stage_history').set({ note: '' }).where('champion_id', '=', championId).execute();
  await tx.deleteFrom('champion_checks').where('champion_id', '=', championId).execute();
  await tx.deleteFrom('champion_references').where('champion_id', '=', championId).execute();
  await tx.deleteFrom('champion_training').where('champion_id', '=', championId).execute();
  await tx
    .updateTable('champion_agreement_signatures')
    .set({ note: '' })
    .where('champion_id', '=', championId)
    .execute();
  await tx.updateTable('champion_hours').set({ description: '' }).where('champion_id', '=', championId).execute();
  await tx
    .updateTable('expense_items')
    .set({ description: 'Removed after the retention period' })
    .where('champion_id', '=', championId)
    .execute();
  await tx
    .deleteFrom('expense_receipts')
    .where('claim_id', 'in', tx.selectFrom('expense_claims').select('id').where('champion_id', '=', championId))
    .execute();
  await tx
    .updateTable('expense_claims')
    .set({ decision_reason: sql<string>`case when status = 'rejected' then 'Removed' else '' end` })
    .where('champion_id', '=', championId)
    .execute();
  if (record?.user_id) {
    await minimiseLogIn(tx, record.user_id);
  }
}

/**
 * Minimises a former champion's log-in once it holds no role anywhere and no other live champion
 * record: the name becomes "Former champion", the email a unique address that can never be
 * delivered (.invalid is reserved), the password and two-factor secret are cleared, the account
 * is disabled and its sessions and reset links end. System administrators are never touched.
 * Returns true when it was minimised.
 */
export async function minimiseLogIn(tx: Executor, userId: string): Promise<boolean> {
  const user = await tx
    .selectFrom('users')
    .select(['email', 'is_system_admin'])
    .where('id', '=', userId)
    .executeTakeFirst();
  const membership = await tx
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  const otherRecord = await tx
    .selectFrom('champions')
    .select('id')
    .where('user_id', '=', userId)
    .where('stage', '<>', 'left')
    .limit(1)
    .executeTakeFirst();
  if (!user || user.is_system_admin || membership || otherRecord) {
    return false;
  }
  await tx
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where(sql<string>`lower(email)`, '=', user.email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await tx
    .updateTable('users')
    .set({
      display_name: FORMER_CHAMPION,
      email: `former-champion-${userId}@minimised.invalid`,
      password_hash: null,
      totp_secret_enc: null,
      totp_enabled_at: null,
      totp_last_step: null,
      locked_until: null,
      disabled_at: sql<Date>`coalesce(disabled_at, now())`,
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .execute();
  await endAllSessions(tx, userId);
  await tx.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute();
  return true;
}

/**
 * Minimises the personal data of champions who left more than `retentionMonths` ago (see
 * minimiseRecord). Returns how many champions were minimised.
 */
export async function minimiseFormerChampions(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<number> {
  const due = await sql<{ champion_id: string; organisation_id: string; departure_id: string }>`
    select d.champion_id, d.organisation_id, d.id as departure_id
    from champion_departures d join champions c on c.id = d.champion_id
    where d.kind = 'exit' and d.minimised_at is null and c.stage = 'left'
      and d.left_on < (${cutoff(today)}::date - make_interval(months => ${retentionMonths}))
    order by d.left_on
    limit 500`.execute(db);
  for (const row of due.rows) {
    await withTransaction(db, async (tx) => {
      await minimiseRecord(tx, row.champion_id, row.organisation_id, FORMER_CHAMPION);
      await tx
        .updateTable('champion_departures')
        .set({ exit_answers: null, minimised_at: new Date() })
        .where('champion_id', '=', row.champion_id)
        .execute();
      await recordAudit(
        tx,
        { actorUserId: null },
        {
          action: 'champion.minimised',
          subjectType: 'champion',
          subjectId: row.champion_id,
          organisationId: row.organisation_id,
        },
      );
    });
  }
  return due.rows.length;
}

/**
 * Minimises applicants who never became active and whose record has not moved for
 * `retentionMonths`: their record is closed (moved to 'left', with an exit dated today that
 * is already minimised), their champion role here is removed, and their personal data goes as
 * for a former champion. Returns how many were minimised.
 */
export async function minimiseStalledApplicants(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<number> {
  const due = await sql<{ id: string; organisation_id: string; stage: string; user_id: string | null }>`
    select c.id, c.organisation_id, c.stage, c.user_id
    from champions c
    where c.stage = any(${[...APPLICANT_STAGES]}::text[])
      and greatest(c.stage_changed_at, c.updated_at) < (${cutoff(today)}::date - make_interval(months => ${retentionMonths}))
      and not exists (select 1 from champion_stage_history h where h.champion_id = c.id and h.to_stage in ('active', 'paused'))
    order by c.stage_changed_at
    limit 500`.execute(db);
  for (const row of due.rows) {
    await withTransaction(db, async (tx) => {
      const moved = await tx
        .updateTable('champions')
        .set({ stage: 'left', stage_changed_at: new Date() })
        .where('id', '=', row.id)
        .where('stage', '=', row.stage as (typeof APPLICANT_STAGES)[number])
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) {
        return; // someone moved them on meanwhile
      }
      await tx
        .insertInto('champion_stage_history')
        .values({ id: newId(), champion_id: row.id, from_stage: row.stage, to_stage: 'left', changed_by: null })
        .execute();
      await tx
        .insertInto('champion_departures')
        .values({
          id: newId(),
          organisation_id: row.organisation_id,
          champion_id: row.id,
          kind: 'exit',
          left_on: cutoff(today),
          recorded_by: null,
          minimised_at: new Date(),
        })
        .execute();
      if (row.user_id) {
        const removed = await tx
          .deleteFrom('memberships')
          .where('user_id', '=', row.user_id)
          .where('organisation_id', '=', row.organisation_id)
          .where('role', '=', 'champion')
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) > 0) {
          await recordAudit(
            tx,
            { actorUserId: null },
            {
              action: 'role.removed',
              subjectType: 'user',
              subjectId: row.user_id,
              organisationId: row.organisation_id,
              details: { role: 'champion', via: 'retention' },
            },
          );
        }
        await endAllSessions(tx, row.user_id);
      }
      await minimiseRecord(tx, row.id, row.organisation_id, FORMER_APPLICANT);
      await recordAudit(
        tx,
        { actorUserId: null },
        {
          action: 'champion.minimised',
          subjectType: 'champion',
          subjectId: row.id,
          organisationId: row.organisation_id,
          details: { applicant: true, stage: row.stage },
        },
      );
    });
  }
  return due.rows.length;
}

/** The retention job: former champions first, then applicants who never became active. */
export async function runChampionRetention(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<{ champions: number; applicants: number }> {
  return {
    champions: await minimiseFormerChampions(db, retentionMonths, today),
    applicants: await minimiseStalledApplicants(db, retentionMonths, today),
  };
}
