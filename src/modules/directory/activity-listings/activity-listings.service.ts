import { scopeFor } from '../../../platform/auth/policy.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { ConflictError } from '../../../lib/errors.ts';
import { findOrganisationName } from '../shared/organisations.repo.ts';
import type { ServiceOwnership } from '../shared/service-ownership.repo.ts';

// An active, public activity is listed in the directory, and the activities module keeps that
// listing in step with the activity every time the activity or its schedules change
// (syncActivityListing). A change made to the listing here would be silently overwritten by
// the next sync, so the listing is changed on the activity instead. Checking that it is still
// right (verification) stays with the directory.

/** An entry kept in step with an activity, and where to change it. */
export interface ActivityListing {
  serviceId: string;
  activityId: string;
  /** The activity's name (the listing's own, which the activity's publishing keeps the same). */
  activityName: string;
  /** The organisation that runs the activity and keeps the entry. */
  ownerName: string;
  /** The activity's page, for staff of the organisation that runs it; null for everyone else. */
  activityHref: string | null;
}

/** A change refused because the entry comes from an activity: a conflict with how the entry is kept. */
export class ActivityListingError extends ConflictError {
  constructor(readonly activityName: string) {
    const message = `This listing comes from the activity ${activityName}; change it on the activity`;
    super(message, { activity: message });
  }
}

/** Refuses a change to an entry an activity keeps in step (edits, proposals, provider links). */
export function refuseActivityListing(service: Pick<ServiceOwnership, 'name' | 'sourceActivityId'>): void {
  if (service.sourceActivityId) {
    throw new ActivityListingError(service.name);
  }
}

/**
 * The activity an entry comes from, as this person may be told about it (the link to the
 * activity only for those who may open its page in the organisation that runs it); undefined
 * for entries kept in the directory itself. The caller has already decided the person may see the entry.
 */
export async function activityListingFor(
  ctx: ServiceContext,
  service: ServiceOwnership,
): Promise<ActivityListing | undefined> {
  if (!service.sourceActivityId) {
    return undefined;
  }
  const ownerName = await findOrganisationName(ctx.db, service.ownerOrganisationId);
  const staff = ctx.actor
    ? (await scopeFor(ctx.db, ctx.actor, 'activities:view')).organisationIds.includes(service.ownerOrganisationId)
    : false;
  return {
    serviceId: service.id,
    activityId: service.sourceActivityId,
    activityName: service.name,
    ownerName: ownerName ?? 'the practice',
    activityHref: staff ? `/activities/${service.sourceActivityId}` : null,
  };
}
