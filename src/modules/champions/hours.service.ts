import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { withTransaction } from '../../platform/db/transaction.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { insertHours, listChampionsOf, listHoursForChampion, listUnverifiedHours, markHoursVerified } from './hours.repo.ts';
import type { LogHoursForm } from './hours.schemas.ts';
import { championTotals } from './self-service.repo.ts';
import { myChampion, organisationName, staffScope } from './self-service.service.ts';

/** Logs ad hoc time for the signed-in champion. */
export async function logMyHours(ctx: ServiceContext, form: LogHoursForm): Promise<void> {
  const champion = await myChampion(ctx);
  await withTransaction(ctx.db, async (tx) => {
    await insertHours(tx, champion.scope, {
      championId: champion.id,
      organisationId: champion.organisationId,
      workedOn: form.workedOn,
      minutes: form.hours * 60 + form.minutes,
      category: form.category,
      description: form.description,
    });
    await recordAudit(tx, ctx.audit, { action: 'champion.hours-logged', subjectType: 'champion', subjectId: champion.id, organisationId: champion.organisationId });
  });
}

/** The signed-in champion's hours and totals. */
export async function myHours(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const rows = await listHoursForChampion(ctx.db, champion.scope, champion.id);
  const totals = (await championTotals(ctx.db, champion.scope, [champion.id])).get(champion.id);
  return { champion, rows, loggedMinutes: totals?.loggedMinutes ?? 0, verifiedMinutes: totals?.verifiedMinutes ?? 0 };
}

/** The coordinator's hours page: rows waiting for verification and every champion's totals. */
export async function hoursForCoordinator(ctx: ServiceContext, organisationId: string) {
  const scope = await staffScope(ctx, 'champions:verify-hours', organisationId);
  const waiting = await listUnverifiedHours(ctx.db, scope, organisationId);
  const champions = await listChampionsOf(ctx.db, scope, organisationId);
  const totals = await championTotals(ctx.db, scope);
  const perChampion = champions.map((champion) => ({ id: champion.id, name: champion.display_name, stage: champion.stage, totals: totals.get(champion.id) ?? null }));
  await recordAudit(ctx.db, ctx.audit, { action: 'champion.hours-viewed', subjectType: 'organisation', subjectId: organisationId, organisationId, details: { waiting: waiting.length } });
  return { organisation: { id: organisationId, name: await organisationName(ctx, organisationId) }, waiting, perChampion };
}

/** Verifies many hours rows at once. Rows of another organisation are never touched. */
export async function verifyHours(ctx: ServiceContext, organisationId: string, hoursIds: readonly string[]): Promise<number> {
  const scope = await staffScope(ctx, 'champions:verify-hours', organisationId);
  if (hoursIds.length === 0) {
    throw new ValidationError({ hoursIds: 'Select the hours to verify' });
  }
  return withTransaction(ctx.db, async (tx) => {
    const count = await markHoursVerified(tx, scope, organisationId, hoursIds, ctx.actor?.userId ?? '');
    if (count === 0) {
      throw new NotFoundError('None of those hours are waiting for verification');
    }
    await recordAudit(tx, ctx.audit, { action: 'champion.hours-verified', subjectType: 'organisation', subjectId: organisationId, organisationId, details: { count } });
    return count;
  });
}
