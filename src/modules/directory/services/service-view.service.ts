import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { type ActivityListing, activityListingFor } from '../activity-listings/activity-listings.service.ts';
import { serviceAbilities, type ServiceAbilities } from '../shared/directory.policy.ts';
import {
  VERIFICATION_METHODS,
  describeAges,
  describeCost,
  type Freshness,
  freshnessOf,
} from '../shared/directory.presenter.ts';
import { serviceVisibleTo } from '../proposals/proposals.service.ts';
import { changesFromJson, describeValue } from './service-changes.rules.ts';
import { termNames } from '../shared/taxonomies.repo.ts';
import { DETAIL_FIELDS, type ServiceDetails, STATUS_LABELS } from './service-edit.schemas.ts';
import { currentDetails } from './service-edit.service.ts';
import { countPendingProposals, findServiceMeta, listHistoryRows } from './service-view.repo.ts';

/** One row of a service's details: a label and its words, or a link. */
export interface DetailRow {
  label: string;
  text: string;
  href?: string;
}

/** A service as its page, the print view and the public entry show it. */
export interface ServiceView {
  id: string;
  name: string;
  description: string;
  status: string;
  statusLabel: string;
  published: boolean;
  ownerOrganisationId: string;
  ownerName: string;
  /** The activity that keeps this entry in step (changed there, not here), or null. */
  sourceActivityId: string | null;
  freshness: Freshness;
  lastVerifiedAt: Date | null;
  lastVerifiedByName: string | null;
  verificationText: string;
  reviewDueAt: Date | null;
  rows: DetailRow[];
  details: ServiceDetails;
}

/** The facts people need, in the order they ask for them. */
export function detailRows(details: ServiceDetails, names: ReadonlyMap<string, string>): DetailRow[] {
  const rows: DetailRow[] = [];
  const add = (label: string, text: string, href?: string) => {
    if (text) {
      rows.push(href ? { label, text, href } : { label, text });
    }
  };
  add('Run by', details.organisation);
  add('Where', [details.address1, details.address2, details.town, details.postcode].filter(Boolean).join('\n'));
  add('When', describeValue('schedule', details.schedule) || 'Times not known');
  add(
    'Cost',
    details.cost === 'paid'
      ? describeCost([{ amount: details.costAmount, option: null }])
      : details.cost === 'free'
        ? 'Free'
        : 'Not known',
  );
  add('Who it is for', describeAges(details.minimumAge, details.maximumAge));
  add('Who can use it', details.eligibility);
  add('Languages', details.languages.join(', '));
  add('Accessibility', details.accessibility);
  add('Phone', details.phone, details.phone ? `tel:${details.phone.replace(/[^0-9+]/g, '')}` : undefined);
  add('Email', details.email, details.email ? `mailto:${details.email}` : undefined);
  add('Website', details.url, details.url || undefined);
  add('Helps with', describeValue('needs', details.needs, names));
  return rows;
}

/** Reads a service for display (any visibility checks are the caller's). */
export async function loadServiceView(db: Executor, serviceId: string, now: Date = new Date()): Promise<ServiceView> {
  const meta = await findServiceMeta(db, serviceId);
  if (!meta) {
    throw new NotFoundError();
  }
  const details = await currentDetails(db, serviceId);
  const names = await termNames(db, details.needs);
  const method = meta.verification_method as keyof typeof VERIFICATION_METHODS | null;
  return {
    id: meta.id,
    name: details.name,
    description: details.description,
    status: meta.status,
    statusLabel: STATUS_LABELS[meta.status as keyof typeof STATUS_LABELS] ?? meta.status,
    published: meta.published,
    ownerOrganisationId: meta.owner_organisation_id,
    ownerName: meta.ownerName,
    sourceActivityId: meta.source_activity_id,
    freshness: freshnessOf(
      { lastVerifiedAt: meta.last_verified_at, stale: meta.stale, reviewDueAt: meta.review_due_at },
      now,
    ),
    lastVerifiedAt: meta.last_verified_at,
    lastVerifiedByName: meta.verifierName,
    verificationText: method ? (VERIFICATION_METHODS[method] ?? method) : '',
    reviewDueAt: meta.review_due_at,
    rows: detailRows(details, names),
    details,
  };
}

/** One line of history, in words. */
export interface HistoryLine {
  at: Date;
  who: string;
  source: string;
  lines: string[];
}

const SOURCE_LABELS: Record<string, string> = {
  staff: 'Edited by staff',
  proposal: 'Approved proposal',
  provider: 'Provider',
  import: 'Import',
  verification: 'Check',
  activity: 'Activity',
  system: 'Automatic',
};

function historyLines(changes: unknown, names: ReadonlyMap<string, string>): string[] {
  const raw = changes && typeof changes === 'object' ? (changes as Record<string, unknown>) : {};
  const lines: string[] = [];
  if (raw.created) {
    lines.push('Added to the directory');
  }
  const verified = raw.verified as { method?: string; outcome?: string } | undefined;
  if (verified) {
    lines.push(
      `${VERIFICATION_METHODS[verified.method as keyof typeof VERIFICATION_METHODS] ?? 'Checked'}: ${verified.outcome ?? 'checked'}`,
    );
  }
  if (raw.stale) {
    lines.push('Review date passed: marked as needing checking');
  }
  const fields = changesFromJson(raw);
  for (const { field, label } of DETAIL_FIELDS) {
    const change = fields[field];
    if (change) {
      const clip = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text) || '(blank)';
      lines.push(
        `${label}: ${clip(describeValue(field, change.from, names))} → ${clip(describeValue(field, change.to, names))}`,
      );
    }
  }
  if (lines.length === 0) {
    const keys = Object.keys(raw).filter((key) => !['proposalId', 'proposalSource'].includes(key));
    lines.push(keys.length > 0 ? `Changed: ${keys.join(', ')}` : 'Updated');
  }
  return lines;
}

/** The newest history first (for staff who keep the entry), with needs named. */
export async function serviceHistory(db: Executor, serviceId: string, limit = 50): Promise<HistoryLine[]> {
  const rows = await listHistoryRows(db, serviceId, limit);
  const ids = rows.flatMap((row) => {
    const needs = changesFromJson(row.changes).needs;
    return needs
      ? [needs.from, needs.to]
          .filter(Array.isArray)
          .flat()
          .filter((id): id is string => typeof id === 'string')
      : [];
  });
  const names = await termNames(db, ids);
  return rows.map((row) => ({
    at: row.changed_at,
    who: row.display_name ?? (row.source === 'provider' ? 'The provider' : 'Thirdspace'),
    source: SOURCE_LABELS[row.source] ?? row.source,
    lines: historyLines(row.changes, names),
  }));
}

/** Everything the staff service page shows, for someone who may see the service. */
export async function viewServiceForStaff(
  ctx: ServiceContext,
  serviceId: string,
): Promise<{
  view: ServiceView;
  abilities: ServiceAbilities;
  history: HistoryLine[] | null;
  pendingProposals: number;
  activityListing: ActivityListing | null;
}> {
  const service = await serviceVisibleTo(ctx, serviceId);
  const abilities = serviceAbilities(actorOf(ctx), service.ownerOrganisationId);
  const view = await loadServiceView(ctx.db, serviceId, ctx.clock.now());
  const keeper = abilities.edit || abilities.review;
  const pending = keeper ? await countPendingProposals(ctx.db, serviceId) : 0;
  const activityListing = (await activityListingFor(ctx, service)) ?? null;
  return {
    view,
    abilities,
    history: keeper ? await serviceHistory(ctx.db, serviceId) : null,
    pendingProposals: pending,
    activityListing,
  };
}
