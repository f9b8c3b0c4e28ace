import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/schema.ts';
import { withTransaction } from '../../platform/db/transaction.ts';

/** The daily job that minimises former champions' personal data. */
export const RETENTION_JOB = 'champions.retention';

/** The name a minimised champion is shown under (the column cannot be empty). */
export const FORMER_CHAMPION = 'Former champion';

/**
 * Minimises the personal data of champions who left more than `retentionMonths` ago: name,
 * contact details, tags, notes they wrote, exit answers, receipts, check and reference
 * details. Hours and money rows stay, so totals still add up, but no longer say whose they were.
 * Returns how many champions were minimised.
 */
export async function minimiseFormerChampions(db: Kysely<Database>, retentionMonths: number, today = new Date()): Promise<number> {
  const due = await sql<{ champion_id: string; organisation_id: string; departure_id: string }>`
    select d.champion_id, d.organisation_id, d.id as departure_id
    from champion_departures d join champions c on c.id = d.champion_id
    where d.kind = 'exit' and d.minimised_at is null and c.stage = 'left'
      and d.left_on < (${today.toISOString().slice(0, 10)}::date - make_interval(months => ${retentionMonths}))
    order by d.left_on
    limit 500`.execute(db);
  for (const row of due.rows) {
    await withTransaction(db, async (tx) => {
      const championId = row.champion_id;
      await tx.updateTable('champions').set({ display_name: FORMER_CHAMPION, email: null, phone: null, user_id: null, access_needs: '', heard_via: '', updated_at: new Date() }).where('id', '=', championId).execute();
      await tx.deleteFrom('champion_tags').where('champion_id', '=', championId).execute();
      await tx.updateTable('champion_stage_history').set({ note: '' }).where('champion_id', '=', championId).execute();
      await tx.deleteFrom('champion_checks').where('champion_id', '=', championId).execute();
      await tx.deleteFrom('champion_references').where('champion_id', '=', championId).execute();
      await tx.updateTable('champion_agreement_signatures').set({ note: '' }).where('champion_id', '=', championId).execute();
      await tx.updateTable('champion_hours').set({ description: '' }).where('champion_id', '=', championId).execute();
      await tx.updateTable('expense_items').set({ description: 'Removed after the retention period' }).where('champion_id', '=', championId).execute();
      await tx.deleteFrom('expense_receipts').where('claim_id', 'in', tx.selectFrom('expense_claims').select('id').where('champion_id', '=', championId)).execute();
      await tx.updateTable('expense_claims').set({ decision_reason: sql<string>`case when status = 'rejected' then 'Removed' else '' end` }).where('champion_id', '=', championId).execute();
      await tx.updateTable('champion_departures').set({ exit_answers: null, minimised_at: new Date() }).where('champion_id', '=', championId).execute();
      await recordAudit(tx, { actorUserId: null }, { action: 'champion.minimised', subjectType: 'champion', subjectId: championId, organisationId: row.organisation_id });
    });
  }
  return due.rows.length;
}
