import { recordAudit } from '../../../platform/audit/audit.ts';
import { authorise, type Scope } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { refuseActivityListing } from '../activity-listings/activity-listings.service.ts';
import { authoriseOnService } from '../shared/directory.policy.ts';
import type { ServiceOwnership } from '../shared/service-ownership.repo.ts';
import { finishTaskWithChanges } from '../freshness/freshness.service.ts';
import { recordVerification, rescheduleReview, type VerificationMethod } from '../freshness/freshness.repo.ts';
import { locatePostcode } from '../postcodes/postcodes.service.ts';
import { type Changes, diffDetails } from './service-changes.rules.ts';
import { loadServiceDetails } from './service-edit.repo.ts';
import { insertServiceRow, saveServiceChanges } from './service-save.repo.ts';
import { insertHistory, serviceVersion } from './service-history.repo.ts';
import { countTermsIn, listTerms } from '../shared/taxonomies.repo.ts';
import { EMPTY_DETAILS, type ServiceDetails } from './service-edit.schemas.ts';
import { NEEDS_TAXONOMY } from '../shared/taxonomies.rules.ts';

/** The taxonomy whose terms are the "needs" a service helps with. */
export const NEEDS_TAXONOMY_ID = NEEDS_TAXONOMY.id;

/** The need terms offered on forms and in the search filter. */
export function listNeeds(db: Executor) {
  return listTerms(db, NEEDS_TAXONOMY_ID);
}

/** A service's editable fields, or NotFound. */
export async function currentDetails(db: Executor, serviceId: string): Promise<ServiceDetails> {
  const details = await loadServiceDetails(db, serviceId, NEEDS_TAXONOMY_ID);
  if (!details) {
    throw new NotFoundError();
  }
  return details;
}

/** Refuses needs that are not in the needs list (a tampered form). */
export async function checkNeeds(db: Executor, needs: readonly string[]): Promise<void> {
  if (needs.length > 0 && (await countTermsIn(db, needs, NEEDS_TAXONOMY_ID)) !== needs.length) {
    throw new ValidationError({ needs: 'Select needs from the list' });
  }
}

/** Where the new address is on the map; a postcode we cannot find is the person's to correct. */
export async function pointForChanges(
  db: Executor,
  details: ServiceDetails,
  changes: Changes,
): Promise<{ latitude: number; longitude: number } | null> {
  const addressChanged = ['address1', 'address2', 'town', 'postcode'].some((field) => field in changes);
  if (!addressChanged || !details.postcode) {
    return null;
  }
  const point = await locatePostcode(db, details.postcode);
  if (!point) {
    throw new ValidationError({ postcode: `We could not find ${details.postcode}. Check the postcode` });
  }
  return point;
}

/** When the service last changed (the version an edit form carries). */
export function currentVersion(ctx: ServiceContext, serviceId: string): Promise<string | undefined> {
  return serviceVersion(ctx.db, serviceId);
}

/** The edit page's contents: the service, its fields and the version the form carries. */
export async function loadForEdit(
  ctx: ServiceContext,
  serviceId: string,
): Promise<{ service: ServiceOwnership; details: ServiceDetails; version: string }> {
  const service = await authoriseOnService(ctx, 'directory:edit', serviceId);
  const details = await currentDetails(ctx.db, serviceId);
  return { service, details, version: (await serviceVersion(ctx.db, serviceId)) ?? '' };
}

const VERSION_CONFLICT =
  'Someone else changed this entry while you were editing it. Check the details below and save again.';

/** Options for a staff edit: how the details were checked, and the task it completes. */
export interface EditOptions {
  /** The form's version; a different one means someone else saved in between. */
  version?: string;
  verifiedBy?: VerificationMethod;
  taskId?: string;
}

/** Applies a change to the database with its history and audit line; returns the changed fields. */
export async function applyEdit(
  ctx: ServiceContext,
  scope: Scope,
  service: ServiceOwnership,
  before: ServiceDetails,
  after: ServiceDetails,
  source: 'staff' | 'proposal',
  extra: Record<string, unknown> = {},
): Promise<Changes> {
  const changes = diffDetails(before, after);
  if (Object.keys(changes).length === 0) {
    return changes;
  }
  // The activity's next sync would overwrite the change without a word.
  refuseActivityListing(service);
  const point = await pointForChanges(ctx.db, after, changes);
  await saveServiceChanges(ctx.db, scope, service, after, changes, { needsTaxonomyId: NEEDS_TAXONOMY_ID, point });
  if ('needs' in changes) {
    // Different needs can mean a different review interval (the shortest of their taxonomies).
    await rescheduleReview(ctx.db, service.id);
  }
  await insertHistory(ctx.db, {
    serviceId: service.id,
    userId: ctx.audit.actorUserId,
    source,
    changes: { ...changes, ...extra },
    at: ctx.clock.now(),
  });
  await recordAudit(ctx.db, ctx.audit, {
    action: source === 'staff' ? 'directory.service-edited' : 'directory.proposal-applied',
    subjectType: 'dir_service',
    subjectId: service.id,
    organisationId: service.ownerOrganisationId,
    details: { fields: Object.keys(changes) },
  });
  return changes;
}

/**
 * A staff edit (directory:edit in the organisation that keeps the service), applied at once.
 * Only changed fields are written; a save over someone else's newer edit is refused.
 */
export async function editService(
  ctx: ServiceContext,
  serviceId: string,
  details: ServiceDetails,
  options: EditOptions = {},
): Promise<{ changed: string[] }> {
  const service = await authoriseOnService(ctx, 'directory:edit', serviceId);
  await checkNeeds(ctx.db, details.needs);
  const actor = actorOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const version = await serviceVersion(tx.db, serviceId);
    if (options.version !== undefined && options.version !== version) {
      throw new ConflictError(VERSION_CONFLICT, { version: VERSION_CONFLICT });
    }
    const before = await currentDetails(tx.db, serviceId);
    const changes = await applyEdit(tx, service.scope, service, before, details, 'staff');
    let method = options.verifiedBy;
    if (options.taskId) {
      method = (await finishTaskWithChanges(tx, options.taskId, serviceId, 'edited')) ?? method;
    }
    if (method) {
      await recordVerification(tx.db, {
        serviceId,
        method,
        at: tx.clock.now(),
        userId: actor.userId,
        email: actor.email,
        outcome: Object.keys(changes).length > 0 ? 'Details updated' : 'Details confirmed',
      });
      await recordAudit(tx.db, tx.audit, {
        action: 'directory.service-verified',
        subjectType: 'dir_service',
        subjectId: serviceId,
        organisationId: service.ownerOrganisationId,
        details: { method },
      });
    }
    return { changed: Object.keys(changes) };
  });
}

/** Adds a service to the directory, kept by one of the person's organisations (directory:edit there). */
export async function createService(
  ctx: ServiceContext,
  ownerOrganisationId: string,
  details: ServiceDetails,
  options: EditOptions = {},
): Promise<string> {
  const actor = actorOf(ctx);
  const scope = await authorise(ctx.db, actor, 'directory:edit', ownerOrganisationId);
  await checkNeeds(ctx.db, details.needs);
  return inTransaction(ctx, async (tx) => {
    const id = await insertServiceRow(tx.db, scope, ownerOrganisationId, details.name);
    const service: ServiceOwnership = {
      id,
      name: details.name,
      ownerOrganisationId,
      status: details.status,
      published: true,
      sourceActivityId: null,
    };
    const changes = diffDetails(EMPTY_DETAILS, details);
    const point = await pointForChanges(tx.db, details, changes);
    await saveServiceChanges(tx.db, scope, service, details, changes, { needsTaxonomyId: NEEDS_TAXONOMY_ID, point });
    await insertHistory(tx.db, {
      serviceId: id,
      userId: actor.userId,
      source: 'staff',
      changes: { created: true, ...changes },
      at: tx.clock.now(),
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.service-created',
      subjectType: 'dir_service',
      subjectId: id,
      organisationId: ownerOrganisationId,
    });
    if (options.verifiedBy) {
      await recordVerification(tx.db, {
        serviceId: id,
        method: options.verifiedBy,
        at: tx.clock.now(),
        userId: actor.userId,
        email: actor.email,
        outcome: 'Added to the directory',
      });
    }
    return id;
  });
}
