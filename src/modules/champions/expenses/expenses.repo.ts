import { sql } from 'kysely';
import { type Scope, requireInScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import type { CheckedReceipt } from './receipts.rules.ts';
import type { MileageRate } from './mileage.rules.ts';

/** Every mileage rate, for pricing journeys. */
export async function listMileageRates(db: Executor): Promise<MileageRate[]> {
  const rows = await db.selectFrom('mileage_rates').selectAll().orderBy('valid_from').execute();
  return rows.map((row) => ({
    vehicle: row.vehicle,
    validFrom: row.valid_from,
    pencePerMile: row.pence_per_mile,
    thresholdMiles: row.threshold_miles,
    pencePerMileAfter: row.pence_per_mile_after,
  }));
}

/**
 * Every champion record of the same person as this one (in scope): the same log-in, or the same
 * email as the record or its log-in, at any practice. HMRC's 10,000-mile threshold is the
 * person's, not the practice's, so this deliberately looks beyond the caller's scope; only
 * ids leave this function, and only mileage totals are read with them.
 */
export async function samePersonRecords(db: Executor, scope: Scope, championId: string): Promise<string[]> {
  const me = await db
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select(['champions.id', 'champions.user_id', 'champions.email', 'users.email as login_email'])
    .where('champions.id', '=', championId)
    .where('champions.organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
  if (!me) {
    return [];
  }
  const emails = [
    ...new Set(
      [me.email, me.login_email].filter((email): email is string => Boolean(email)).map((email) => email.toLowerCase()),
    ),
  ];
  const rows = await db
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select('champions.id')
    .where((eb) =>
      eb.or([
        eb('champions.id', '=', me.id),
        ...(me.user_id ? [eb('champions.user_id', '=', me.user_id)] : []),
        ...(emails.length > 0
          ? [eb(sql<string>`lower(champions.email)`, 'in', emails), eb(sql<string>`lower(users.email)`, 'in', emails)]
          : []),
      ]),
    )
    .orderBy('champions.id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Holds every record of the person until the transaction ends (in id order, so two claims at
 * two practices cannot deadlock), so no two claims share the same first-band miles.
 */
export async function lockChampion(db: Executor, scope: Scope, championId: string): Promise<void> {
  const ids = await samePersonRecords(db, scope, championId);
  if (ids.length > 0) {
    await db.selectFrom('champions').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
  }
}

/** Claims sent before this one (by time, then id): the order claims fill a tax year's first band. */
const sentBefore = (claimId: string) =>
  sql<boolean>`(expense_claims.submitted_at, expense_claims.id) < (select sent.submitted_at, sent.id from expense_claims sent where sent.id = ${claimId})`;
/** Claims sent after this one. */
const sentAfter = (claimId: string) =>
  sql<boolean>`(expense_claims.submitted_at, expense_claims.id) > (select sent.submitted_at, sent.id from expense_claims sent where sent.id = ${claimId})`;

/**
 * Miles already claimed (in claims not rejected) by the person behind a champion record for a
 * vehicle in a tax year, across all their champion records (see samePersonRecords). With
 * `beforeClaimId`, only claims sent before that one count: the miles it was priced after.
 */
export async function milesClaimed(
  db: Executor,
  scope: Scope,
  championId: string,
  vehicle: Vehicle,
  taxYear: number,
  beforeClaimId?: string,
): Promise<number> {
  const ids = await samePersonRecords(db, scope, championId);
  if (ids.length === 0) {
    return 0;
  }
  let query = db
    .selectFrom('expense_items')
    .innerJoin('expense_claims', 'expense_claims.id', 'expense_items.claim_id')
    .select(sql<number>`coalesce(sum(expense_items.miles), 0)::int`.as('miles'))
    .where('expense_items.champion_id', 'in', ids)
    .where('expense_items.kind', '=', 'mileage')
    .where('expense_items.vehicle', '=', vehicle)
    .where('expense_items.tax_year', '=', taxYear)
    .where('expense_claims.status', '<>', 'rejected');
  if (beforeClaimId) {
    query = query.where(sentBefore(beforeClaimId));
  }
  const row = await query.executeTakeFirst();
  return row?.miles ?? 0;
}

/** A claim's mileage lines, in the order they were priced (by date, then as listed). */
export async function mileageLinesOf(db: Executor, claimId: string) {
  const rows = await db
    .selectFrom('expense_items')
    .select(['id', 'spent_on', 'vehicle', 'miles', 'tax_year', 'amount_pence'])
    .where('claim_id', '=', claimId)
    .where('kind', '=', 'mileage')
    .orderBy('spent_on')
    .orderBy('position')
    .execute();
  return rows.flatMap((row) =>
    row.vehicle && row.miles !== null && row.tax_year !== null
      ? [
          {
            id: row.id,
            spentOn: String(row.spent_on),
            vehicle: row.vehicle,
            miles: row.miles,
            taxYear: row.tax_year,
            amountPence: row.amount_pence,
          },
        ]
      : [],
  );
}

/**
 * Claims still waiting for a decision, of any of the person's champion records, sent after the
 * claim `afterClaimId`, with a journey by `vehicle` in `taxYear`: in the order they were sent.
 */
export async function waitingClaimsAfter(
  db: Executor,
  championIds: readonly string[],
  afterClaimId: string,
  vehicle: Vehicle,
  taxYear: number,
): Promise<{ id: string; organisationId: string; totalPence: number }[]> {
  if (championIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('expense_claims')
    .select(['id', 'organisation_id', 'total_pence'])
    .where('champion_id', 'in', [...championIds])
    .where('status', '=', 'submitted')
    .where(sentAfter(afterClaimId))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('expense_items')
          .select('expense_items.id')
          .whereRef('expense_items.claim_id', '=', 'expense_claims.id')
          .where('expense_items.kind', '=', 'mileage')
          .where('expense_items.vehicle', '=', vehicle)
          .where('expense_items.tax_year', '=', taxYear),
      ),
    )
    .orderBy('submitted_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, organisationId: row.organisation_id, totalPence: row.total_pence }));
}

/** Sets a line's amount and its waiting claim's total to the sum of its lines. */
export async function repriceLine(db: Executor, claimId: string, itemId: string, amountPence: number): Promise<void> {
  await db
    .updateTable('expense_items')
    .set({ amount_pence: amountPence })
    .where('id', '=', itemId)
    .where('claim_id', '=', claimId)
    .execute();
  await db
    .updateTable('expense_claims')
    .set({
      total_pence: (eb) =>
        eb
          .selectFrom('expense_items')
          .select(sql<number>`coalesce(sum(amount_pence), 0)::int`.as('total'))
          .where('expense_items.claim_id', '=', claimId),
    })
    .where('id', '=', claimId)
    .where('status', '=', 'submitted')
    .execute();
}

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
