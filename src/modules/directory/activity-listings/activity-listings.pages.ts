import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/context.ts';
import { activityListingFor } from './activity-listings.service.ts';
import type { ServiceOwnership } from '../shared/service-ownership.repo.ts';

/**
 * For an entry an activity keeps in step, answers with the page that says where to change it
 * (409, with the link to the activity for its staff) instead of a form; null for any other
 * entry. Call it once the person is known to be allowed to see the entry.
 */
export async function explainActivityListing(
  ctx: ServiceContext,
  reply: FastifyReply,
  service: ServiceOwnership,
  backHref: string | null,
): Promise<FastifyReply | null> {
  const listing = await activityListingFor(ctx, service);
  return listing
    ? reply.view(
        'directory/activity-listings/views/activity-listing.njk',
        { listing, backHref: backHref ?? undefined },
        409,
      )
    : null;
}
