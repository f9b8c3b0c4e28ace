import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import type { MileageRate } from './mileage.rules.ts';

// Pricing journeys: the HMRC rate table and the miles a person has already claimed.
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

/** Adds a mileage rate from a date; false when the vehicle already has a rate from that date. */
export async function insertMileageRate(
  db: Executor,
  rate: {
    id: string;
    vehicle: Vehicle;
    validFrom: string;
    pencePerMile: number;
    thresholdMiles: number | null;
    pencePerMileAfter: number | null;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('mileage_rates')
    .values({
      id: rate.id,
      vehicle: rate.vehicle,
      valid_from: rate.validFrom,
      pence_per_mile: rate.pencePerMile,
      threshold_miles: rate.thresholdMiles,
      pence_per_mile_after: rate.pencePerMileAfter,
    })
    .onConflict((conflict) => conflict.columns(['vehicle', 'valid_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
