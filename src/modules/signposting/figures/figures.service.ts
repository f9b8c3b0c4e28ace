import { recordAudit } from '../../../platform/audit/audit.ts';
import {
  type Scope,
  authorise,
  narrowScope,
  organisationAndBelow,
  rolesIn,
  scopeFor,
} from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { londonInstant } from '../../../lib/dates.ts';
import { listNeeds } from '../../directory/index.ts';
import { countByDestination, countByNeed, countOutcomes } from '../navigation/navigation.repo.ts';
import { countUnmetNeeds } from '../unmet-needs/unmet-needs.repo.ts';
import { suppressed } from '../shared/suppression.rules.ts';

/** A labelled count (null when suppressed). */
export interface Count {
  label: string;
  count: number | null;
}

/** Signposting figures for a period: care navigation and gaps in provision. */
export interface SignpostingFigures {
  suppressed: boolean;
  total: number | null;
  declined: number | null;
  declinedPercent: string;
  redFlags: number | null;
  byNeed: Count[];
  byDestination: Count[];
  unmet: (Count & { area: string })[];
}

/**
 * Who may see the figures and how: staff who signpost in the organisation see exact counts;
 * anyone holding aggregate permissions (a network, area or programme above) sees the
 * organisation and those below it with counts under 5 suppressed.
 */
async function figuresScope(ctx: ServiceContext, organisationId: string): Promise<{ scope: Scope; suppress: boolean }> {
  const actor = actorOf(ctx);
  if (rolesGrant(rolesIn(actor, organisationId), 'signposting:gaps')) {
    return { scope: await authorise(ctx.db, actor, 'signposting:gaps', organisationId), suppress: false };
  }
  await authorise(ctx.db, actor, 'organisation:aggregates', organisationId);
  const reach = await scopeFor(ctx.db, actor, 'organisation:aggregates');
  return { scope: narrowScope(reach, await organisationAndBelow(ctx.db, organisationId)), suppress: true };
}

/** The figures for [from, to] (London dates, inclusive). */
export async function signpostingFigures(
  ctx: ServiceContext,
  organisationId: string,
  period: { from: string; to: string },
): Promise<SignpostingFigures> {
  const { scope, suppress } = await figuresScope(ctx, organisationId);
  const from = londonInstant(period.from, '00:00');
  const to = new Date(londonInstant(period.to, '00:00').getTime() + 86_400_000);
  const [outcomes, needs, destinations, unmet, terms] = await Promise.all([
    countOutcomes(ctx.db, scope, from, to),
    countByNeed(ctx.db, scope, from, to),
    countByDestination(ctx.db, scope, from, to),
    countUnmetNeeds(ctx.db, scope, from, to),
    listNeeds(ctx.db),
  ]);
  const names = new Map(terms.map((term) => [term.id, term.name]));
  const of = (outcome: string) => Number(outcomes.find((row) => row.outcome === outcome)?.count ?? 0);
  const total = of('signposted') + of('declined') + of('red_flag');
  const show = (count: number | string) => suppressed(Number(count), suppress);
  await recordAudit(ctx.db, ctx.audit, {
    action: 'signposting.report-viewed',
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
  });
  return {
    suppressed: suppress,
    total: show(total),
    declined: show(of('declined')),
    declinedPercent:
      total > 0 && show(of('declined')) !== null ? `${Math.round((of('declined') / total) * 100)}%` : '–',
    redFlags: show(of('red_flag')),
    byNeed: needs.map((row) => ({ label: names.get(row.term_id) ?? 'Other', count: show(row.count) })),
    byDestination: destinations.map((row) => ({ label: row.name, count: show(row.count) })),
    unmet: unmet.map((row) => ({
      label: names.get(row.needTermId) ?? 'Other',
      area: row.area,
      count: show(row.count),
    })),
  };
}
