import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import type { CheckedReceipt } from './receipts.rules.ts';

/** A priced line ready to store. */
export interface NewExpenseItem {
  spentOn: string;
  kind: 'travel' | 'meals' | 'dependant_care' | 'clothing' | 'postage_phone' | 'mileage' | 'other';
  description: string;
  amountPence: number;
  vehicle: Vehicle | null;
  miles: number | null;
  taxYear: number | null;
}

/** Stores a claim with its lines and receipts. */
export async function insertClaim(
  db: Executor,
  scope: Scope,
  claim: {
    id: string;
    organisationId: string;
    championId: string;
    items: (NewExpenseItem & { id: string })[];
    receipts: (CheckedReceipt & { id: string })[];
  },
): Promise<void> {
  requireInScope(scope, claim.organisationId);
  const total = claim.items.reduce((sum, item) => sum + item.amountPence, 0);
  await db
    .insertInto('expense_claims')
    .values({ id: claim.id, organisation_id: claim.organisationId, champion_id: claim.championId, total_pence: total })
    .execute();
  await db
    .insertInto('expense_items')
    .values(
      claim.items.map((item, position) => ({
        id: item.id,
        claim_id: claim.id,
        organisation_id: claim.organisationId,
        champion_id: claim.championId,
        spent_on: item.spentOn,
        kind: item.kind,
        description: item.description,
        amount_pence: item.amountPence,
        vehicle: item.vehicle,
        miles: item.miles,
        tax_year: item.taxYear,
        position,
      })),
    )
    .execute();
  for (const receipt of claim.receipts) {
    await db
      .insertInto('expense_receipts')
      .values({
        id: receipt.id,
        claim_id: claim.id,
        organisation_id: claim.organisationId,
        file_name: receipt.fileName,
        content_type: receipt.contentType,
        size_bytes: receipt.sizeBytes,
        sha256: receipt.sha256,
        content: receipt.content,
      })
      .execute();
  }
}

/** Claims in scope, optionally of one champion or one status, newest first. */
export async function listClaims(
  db: Executor,
  scope: Scope,
  filter: { championId?: string; status?: 'submitted' | 'approved' | 'rejected' } = {},
) {
  let query = db
    .selectFrom('expense_claims')
    .innerJoin('champions', 'champions.id', 'expense_claims.champion_id')
    .select([
      'expense_claims.id',
      'expense_claims.status',
      'expense_claims.total_pence',
      'expense_claims.submitted_at',
      'expense_claims.decided_at',
      'expense_claims.decision_reason',
      'expense_claims.champion_id',
      'champions.display_name',
    ])
    .where('expense_claims.organisation_id', 'in', [...scope.organisationIds]);
  if (filter.championId) {
    query = query.where('expense_claims.champion_id', '=', filter.championId);
  }
  if (filter.status) {
    query = query.where('expense_claims.status', '=', filter.status);
  }
  return query.orderBy('expense_claims.submitted_at', 'desc').limit(500).execute();
}

/** One claim in scope (and of one champion, when given), with its lines and receipts. */
export async function findClaim(db: Executor, scope: Scope, claimId: string, championId?: string) {
  const claims = await listClaimsById(db, scope, claimId, championId);
  const claim = claims[0];
  if (!claim) {
    return undefined;
  }
  const items = await db
    .selectFrom('expense_items')
    .select(['id', 'spent_on', 'kind', 'description', 'amount_pence', 'vehicle', 'miles'])
    .where('claim_id', '=', claimId)
    .orderBy('position')
    .execute();
  const receipts = await db
    .selectFrom('expense_receipts')
    .select(['id', 'file_name', 'content_type', 'size_bytes'])
    .where('claim_id', '=', claimId)
    .orderBy('created_at')
    .execute();
  return { ...claim, items, receipts };
}

async function listClaimsById(db: Executor, scope: Scope, claimId: string, championId?: string) {
  let query = db
    .selectFrom('expense_claims')
    .innerJoin('champions', 'champions.id', 'expense_claims.champion_id')
    .select([
      'expense_claims.id',
      'expense_claims.organisation_id',
      'expense_claims.status',
      'expense_claims.total_pence',
      'expense_claims.submitted_at',
      'expense_claims.decided_at',
      'expense_claims.decision_reason',
      'expense_claims.champion_id',
      'champions.display_name',
    ])
    .where('expense_claims.id', '=', claimId)
    .where('expense_claims.organisation_id', 'in', [...scope.organisationIds]);
  if (championId) {
    query = query.where('expense_claims.champion_id', '=', championId);
  }
  return query.execute();
}

/** A receipt's file, when it belongs to the claim in scope. */
export async function findReceipt(db: Executor, scope: Scope, claimId: string, receiptId: string) {
  return db
    .selectFrom('expense_receipts')
    .select(['id', 'file_name', 'content_type', 'content'])
    .where('id', '=', receiptId)
    .where('claim_id', '=', claimId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
}

/** Records a decision on a claim still waiting; false when it was already decided. */
export async function decideClaim(
  db: Executor,
  scope: Scope,
  claimId: string,
  decision: { status: 'approved' | 'rejected'; reason: string; userId: string },
): Promise<boolean> {
  const result = await db
    .updateTable('expense_claims')
    .set({
      status: decision.status,
      decision_reason: decision.reason,
      decided_by: decision.userId,
      decided_at: new Date(),
    })
    .where('id', '=', claimId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
