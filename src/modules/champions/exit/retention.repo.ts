import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

// The retention job's SQL: it runs nightly across every organisation, so nothing here takes a scope.

/**
 * Clears one champion record's personal data (see minimiseRecord in retention.jobs.ts) and the
 * emails still kept for them in the outbox. Returns the log-in the record was linked to, if any.
 */
export async function clearChampionRecord(tx: Executor, championId: string, name: string): Promise<string | null> {
  const record = await tx
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select(['champions.user_id', 'champions.email', 'users.email as login_email'])
    .where('champions.id', '=', championId)
    .executeTakeFirst();
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
  return record?.user_id ?? null;
}

/** What decides whether a log-in may be minimised: the account, and whether it still holds a role or a live record. */
export async function logInHoldings(
  tx: Executor,
  userId: string,
): Promise<{ user: { email: string; is_system_admin: boolean } | undefined; holdsRole: boolean; liveRecord: boolean }> {
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
  return { user, holdsRole: membership !== undefined, liveRecord: otherRecord !== undefined };
}

/**
 * Withdraws the open invitations to the log-in's email and clears the log-in: the name, an
 * undeliverable unique email, the password and two-factor secret; disables it and deletes its
 * password reset links.
 */
export async function clearLogIn(tx: Executor, userId: string, email: string, name: string): Promise<void> {
  await tx
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await tx
    .updateTable('users')
    .set({
      display_name: name,
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
  await tx.deleteFrom('password_reset_tokens').where('user_id', '=', userId).execute();
}

/** Exits recorded before `cutoff` (YYYY-MM-DD) less `months`, not yet minimised, of champions still at 'left' (500 at most). */
export async function formerChampionsDue(
  db: Executor,
  cutoff: string,
  months: number,
): Promise<{ champion_id: string; organisation_id: string; departure_id: string }[]> {
  const due = await sql<{ champion_id: string; organisation_id: string; departure_id: string }>`
    select d.champion_id, d.organisation_id, d.id as departure_id
    from champion_departures d join champions c on c.id = d.champion_id
    where d.kind = 'exit' and d.minimised_at is null and c.stage = 'left'
      and d.left_on < (${cutoff}::date - make_interval(months => ${months}))
    order by d.left_on
    limit 500`.execute(db);
  return due.rows;
}

/** Marks a champion's departures minimised and drops their exit answers. */
export async function markDeparturesMinimised(tx: Executor, championId: string): Promise<void> {
  await tx
    .updateTable('champion_departures')
    .set({ exit_answers: null, minimised_at: new Date() })
    .where('champion_id', '=', championId)
    .execute();
}

/**
 * Applicants at one of `stages` whose record has not moved since `cutoff` less `months` and who
 * were never active or paused (500 at most).
 */
export async function stalledApplicantsDue(
  db: Executor,
  stages: readonly string[],
  cutoff: string,
  months: number,
): Promise<{ id: string; organisation_id: string; stage: string; user_id: string | null }[]> {
  const due = await sql<{ id: string; organisation_id: string; stage: string; user_id: string | null }>`
    select c.id, c.organisation_id, c.stage, c.user_id
    from champions c
    where c.stage = any(${[...stages]}::text[])
      and greatest(c.stage_changed_at, c.updated_at) < (${cutoff}::date - make_interval(months => ${months}))
      and not exists (select 1 from champion_stage_history h where h.champion_id = c.id and h.to_stage in ('active', 'paused'))
    order by c.stage_changed_at
    limit 500`.execute(db);
  return due.rows;
}

/**
 * Closes a stalled applicant's record: moves it from `stage` to 'left' with a history row and an
 * exit on `leftOn` that is already minimised. False when someone moved them on meanwhile.
 */
export async function closeApplicant(
  tx: Executor,
  applicant: { id: string; organisation_id: string; stage: string },
  stage: 'interested' | 'conversation' | 'role_offered' | 'checks' | 'agreements' | 'induction',
  leftOn: string,
): Promise<boolean> {
  const moved = await tx
    .updateTable('champions')
    .set({ stage: 'left', stage_changed_at: new Date() })
    .where('id', '=', applicant.id)
    .where('stage', '=', stage)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) {
    return false;
  }
  await tx
    .insertInto('champion_stage_history')
    .values({ id: newId(), champion_id: applicant.id, from_stage: applicant.stage, to_stage: 'left', changed_by: null })
    .execute();
  await tx
    .insertInto('champion_departures')
    .values({
      id: newId(),
      organisation_id: applicant.organisation_id,
      champion_id: applicant.id,
      kind: 'exit',
      left_on: leftOn,
      recorded_by: null,
      minimised_at: new Date(),
    })
    .execute();
  return true;
}
