import { type AuditSource, recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import {
  listMileageRates,
  mileageLinesOf,
  milesClaimed,
  repriceLine,
  samePersonRecords,
  waitingClaimsAfter,
} from './mileage.repo.ts';
import { priceJourney, rateOn } from './mileage.rules.ts';

/** A waiting claim whose total changed when an earlier claim was rejected. */
export interface RepricedClaim {
  claimId: string;
  organisationId: string;
  beforePence: number;
  afterPence: number;
}

/**
 * After a claim is rejected, prices again every claim still waiting that was sent after it with
 * journeys in the same tax year and vehicle. HMRC's 10,000 miles are the business miles actually
 * reimbursed in the tax year, so the rejected claim's miles no longer fill the first band, and
 * a later claim priced partly at the lower rate because of them is now priced as if they had never
 * been claimed. Claims fill the band in the order they were sent, as when they were priced.
 * Approved claims stay as they were paid; nothing is ever priced for a rejected one. Call inside
 * the rejection's transaction, with the person's champion records locked (lockChampion).
 */
export async function repriceWaitingClaims(
  tx: Executor,
  scope: Scope,
  audit: AuditSource,
  rejected: { id: string; championId: string },
): Promise<RepricedClaim[]> {
  const affected = new Map(
    (await mileageLinesOf(tx, rejected.id)).map((line) => [`${line.vehicle}:${line.taxYear}`, line]),
  );
  if (affected.size === 0) {
    return [];
  }
  const people = await samePersonRecords(tx, scope, rejected.championId);
  const rates = await listMileageRates(tx);
  const changed = new Map<string, RepricedClaim>();
  for (const { vehicle, taxYear } of affected.values()) {
    for (const claim of await waitingClaimsAfter(tx, people, rejected.id, vehicle, taxYear)) {
      // The person's miles in claims sent before this one, now without the rejected claim's.
      let counted = await milesClaimed(tx, scope, rejected.championId, vehicle, taxYear, claim.id);
      for (const line of (await mileageLinesOf(tx, claim.id)).filter(
        (entry) => entry.vehicle === vehicle && entry.taxYear === taxYear,
      )) {
        const rate = rateOn(rates, line.vehicle, line.spentOn);
        const amountPence = rate ? priceJourney(rate, counted, line.miles).amountPence : line.amountPence;
        counted += line.miles;
        if (amountPence !== line.amountPence) {
          await repriceLine(tx, claim.id, line.id, amountPence);
          const entry = changed.get(claim.id) ?? {
            claimId: claim.id,
            organisationId: claim.organisationId,
            beforePence: claim.totalPence,
            afterPence: claim.totalPence,
          };
          entry.afterPence += amountPence - line.amountPence;
          changed.set(claim.id, entry);
        }
      }
    }
  }
  for (const entry of changed.values()) {
    await recordAudit(tx, audit, {
      action: 'champion.expense-repriced',
      subjectType: 'expense_claim',
      subjectId: entry.claimId,
      organisationId: entry.organisationId,
      details: { beforePence: entry.beforePence, afterPence: entry.afterPence, afterRejecting: rejected.id },
    });
  }
  return [...changed.values()];
}
