import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import type { Vehicle } from '../champion-activity.tables.ts';
import { decideClaim, findClaim, findReceipt, insertClaim, listClaims, type NewExpenseItem } from './expenses.repo.ts';
import { listMileageRates, lockChampion, milesClaimed } from './mileage.repo.ts';
import { repriceWaitingClaims } from './repricing.service.ts';
import type { DecideClaimForm, ItemLine, JourneyLine } from './expenses.schemas.ts';
import type { CheckedReceipt } from './receipts.rules.ts';
import { priceJourney, rateOn, taxYearOf, VEHICLE_LABELS } from './mileage.rules.ts';
import { myChampion, organisationName, staffScope } from '../self-service/self-service.service.ts';
import { londonToday } from '../../../lib/dates.ts';

/**
 * Prices journeys in date order against the rate table, counting the 10,000-mile threshold per
 * person per tax year (all their champion records) across every claim not rejected, plus
 * earlier journeys in this claim.
 */
async function priceJourneys(
  db: ServiceContext['db'],
  scope: Scope,
  championId: string,
  journeys: JourneyLine[],
): Promise<NewExpenseItem[]> {
  const rates = await listMileageRates(db);
  const counted = new Map<string, number>();
  const priced: NewExpenseItem[] = [];
  for (const journey of [...journeys].sort((a, b) => a.spentOn.localeCompare(b.spentOn))) {
    const rate = rateOn(rates, journey.vehicle, journey.spentOn);
    if (!rate) {
      throw new ValidationError({ 'journeyDate-0': 'There is no mileage rate for that date. Ask your coordinator.' });
    }
    const taxYear = taxYearOf(journey.spentOn);
    const key = `${journey.vehicle}:${taxYear}`;
    const before = counted.get(key) ?? (await milesClaimed(db, scope, championId, journey.vehicle as Vehicle, taxYear));
    const { amountPence } = priceJourney(rate, before, journey.miles);
    counted.set(key, before + journey.miles);
    priced.push({
      spentOn: journey.spentOn,
      kind: 'mileage',
      description: journey.description,
      amountPence,
      vehicle: journey.vehicle,
      miles: journey.miles,
      taxYear,
    });
  }
  return priced;
}

/** Submits the signed-in champion's claim: costs need at least one receipt; journeys are priced, never flat. */
export async function submitMyClaim(
  ctx: ServiceContext,
  claim: { items: ItemLine[]; journeys: JourneyLine[]; receipts: CheckedReceipt[] },
): Promise<string> {
  const champion = await myChampion(ctx);
  if (claim.items.length > 0 && claim.receipts.length === 0) {
    throw new ValidationError({
      receipts: 'Attach a receipt for your costs (a PDF, JPEG, PNG or HEIC file up to 5 MB)',
    });
  }
  const claimId = newId();
  await inTransaction(ctx, async ({ db: tx }) => {
    await lockChampion(tx, champion.scope, champion.id);
    const journeys = await priceJourneys(tx, champion.scope, champion.id, claim.journeys);
    const items = [...claim.items.map((item) => ({ ...item, vehicle: null, miles: null, taxYear: null })), ...journeys];
    await insertClaim(tx, champion.scope, {
      id: claimId,
      organisationId: champion.organisationId,
      championId: champion.id,
      items: items.map((item) => ({ ...item, id: newId() })),
      receipts: claim.receipts.map((receipt) => ({ ...receipt, id: newId() })),
    });
    await recordAudit(tx, ctx.audit, {
      action: 'champion.expense-claimed',
      subjectType: 'expense_claim',
      subjectId: claimId,
      organisationId: champion.organisationId,
      details: { lines: items.length, receipts: claim.receipts.length },
    });
  });
  return claimId;
}

/** The claim found, or 404 when there is none; reading it is audited. */
async function viewedClaim<T>(ctx: ServiceContext, organisationId: string, claimId: string, claim: T | undefined) {
  if (!claim) {
    throw new NotFoundError();
  }
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.expense-viewed',
    subjectType: 'expense_claim',
    subjectId: claimId,
    organisationId,
  });
  return claim;
}

/** The receipt found, or 404 when there is none; downloading it is audited. */
async function downloadedReceipt<T>(
  ctx: ServiceContext,
  organisationId: string,
  receiptId: string,
  receipt: T | undefined,
) {
  if (!receipt) {
    throw new NotFoundError();
  }
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.receipt-downloaded',
    subjectType: 'expense_receipt',
    subjectId: receiptId,
    organisationId,
  });
  return receipt;
}

/** The signed-in champion's claims. */
export async function myClaims(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  return { champion, claims: await listClaims(ctx.db, champion.scope, { championId: champion.id }) };
}

/** One of the signed-in champion's own claims (anyone else's is 404). Reading it is audited. */
export async function myClaim(ctx: ServiceContext, claimId: string) {
  const champion = await myChampion(ctx);
  const found = isUuid(claimId) ? await findClaim(ctx.db, champion.scope, claimId, champion.id) : undefined;
  return { champion, claim: await viewedClaim(ctx, champion.organisationId, claimId, found) };
}

/** A receipt of the signed-in champion's own claim. Downloads are audited. */
export async function myReceipt(ctx: ServiceContext, claimId: string, receiptId: string) {
  const champion = await myChampion(ctx);
  const claim =
    isUuid(claimId) && isUuid(receiptId) ? await findClaim(ctx.db, champion.scope, claimId, champion.id) : undefined;
  const receipt = claim ? await findReceipt(ctx.db, champion.scope, claimId, receiptId) : undefined;
  return downloadedReceipt(ctx, champion.organisationId, receiptId, receipt);
}

/** Claims in an organisation for the coordinator, waiting ones first. */
export async function claimsForCoordinator(ctx: ServiceContext, organisationId: string) {
  const scope = await staffScope(ctx, 'champions:approve-expenses', organisationId);
  const claims = await listClaims(ctx.db, scope);
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.expenses-listed',
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
    details: { count: claims.length },
  });
  return { organisation: { id: organisationId, name: await organisationName(ctx, organisationId) }, claims };
}

/** One claim for the coordinator, with its receipts. Reading it is audited. */
export async function claimForCoordinator(ctx: ServiceContext, organisationId: string, claimId: string) {
  const scope = await staffScope(ctx, 'champions:approve-expenses', organisationId);
  const found = isUuid(claimId) ? await findClaim(ctx.db, scope, claimId) : undefined;
  const claim = await viewedClaim(ctx, organisationId, claimId, found);
  return { organisation: { id: organisationId, name: await organisationName(ctx, organisationId) }, claim };
}

/** A receipt for the coordinator. Downloads are audited. */
export async function receiptForCoordinator(
  ctx: ServiceContext,
  organisationId: string,
  claimId: string,
  receiptId: string,
) {
  const scope = await staffScope(ctx, 'champions:approve-expenses', organisationId);
  const receipt =
    isUuid(claimId) && isUuid(receiptId) ? await findReceipt(ctx.db, scope, claimId, receiptId) : undefined;
  return downloadedReceipt(ctx, organisationId, receiptId, receipt);
}

/**
 * Approves or rejects a waiting claim; rejecting needs a reason. Rejecting one with journeys
 * prices again the person's later claims still waiting (see repriceWaitingClaims); returns how
 * many changed.
 */
export async function decideOnClaim(
  ctx: ServiceContext,
  organisationId: string,
  claimId: string,
  form: DecideClaimForm,
): Promise<{ repriced: number }> {
  const scope = await staffScope(ctx, 'champions:approve-expenses', organisationId);
  if (!isUuid(claimId)) {
    throw new NotFoundError();
  }
  return inTransaction(ctx, async ({ db: tx }) => {
    const claim = await findClaim(tx, scope, claimId);
    if (!claim) {
      throw new NotFoundError();
    }
    // The person's records first, as a new claim takes them, so pricing never interleaves.
    await lockChampion(tx, scope, claim.champion_id);
    const status = form.decision === 'approve' ? 'approved' : 'rejected';
    if (!(await decideClaim(tx, scope, claimId, { status, reason: form.reason, userId: ctx.actor?.userId ?? '' }))) {
      throw new ConflictError('This claim has already been decided');
    }
    await recordAudit(tx, ctx.audit, {
      action: `champion.expense-${status}`,
      subjectType: 'expense_claim',
      subjectId: claimId,
      organisationId,
    });
    const repriced =
      status === 'rejected'
        ? await repriceWaitingClaims(tx, scope, ctx.audit, { id: claim.id, championId: claim.champion_id })
        : [];
    return { repriced: repriced.length };
  });
}

/** The mileage rates in force today, in words, and the car miles the champion has claimed this tax year. */
export async function myMileageGuide(ctx: ServiceContext, champion: { id: string; scope: Scope }) {
  const today = londonToday(ctx.clock.now());
  const rates = await listMileageRates(ctx.db);
  const taxYear = taxYearOf(today);
  const lines = (Object.keys(VEHICLE_LABELS) as Vehicle[]).flatMap((vehicle) => {
    const rate = rateOn(rates, vehicle, today);
    if (!rate) {
      return [];
    }
    const first = `${rate.pencePerMile}p a mile`;
    const text =
      rate.thresholdMiles && rate.pencePerMileAfter !== null
        ? `${first} for the first ${rate.thresholdMiles.toLocaleString('en-GB')} miles in the tax year, ` +
          `then ${rate.pencePerMileAfter}p`
        : first;
    return [`${VEHICLE_LABELS[vehicle]}: ${text}`];
  });
  // The person's miles at every practice they volunteer for: the threshold is theirs, not the practice's.
  const carMiles = await milesClaimed(ctx.db, champion.scope, champion.id, 'car', taxYear);
  return { lines, carMiles: carMiles.toLocaleString('en-GB'), taxYearStart: `6 April ${taxYear}` };
}
