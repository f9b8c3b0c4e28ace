import { recordAudit } from '../../../platform/audit/audit.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { hashToken, newToken } from '../../../lib/ids.ts';
import { refuseActivityListing } from '../activity-listings/activity-listings.service.ts';
import { authoriseOnService } from '../shared/directory.policy.ts';
import { findServiceOwnership, type ServiceOwnership } from '../shared/service-ownership.repo.ts';
import { recordVerification } from '../freshness/freshness.repo.ts';
import { proposeChange } from '../proposals/proposals.service.ts';
import type { ServiceDetails } from '../services/service-edit.schemas.ts';
import { findOrganisationName } from '../shared/organisations.repo.ts';
import { findLiveProviderLink, replaceProviderLink, spendProviderLink } from './provider-links.repo.ts';

/** How long a provider's update link works. */
export const PROVIDER_LINK_DAYS = 14;

/**
 * Emails a provider a one-time link to update its own entry without an account (staff who may
 * edit the entry). Only the token's hash is stored. Returns the link (the email has it too; the outbox keeps only a placeholder).
 */
export async function createProviderLink(ctx: ServiceContext, serviceId: string, email: string): Promise<string> {
  const service = await authoriseOnService(ctx, 'directory:edit', serviceId);
  refuseActivityListing(service);
  const token = newToken();
  const link = `${ctx.config.baseUrl}/directory/provider/${token}`;
  await inTransaction(ctx, async (tx) => {
    const at = tx.clock.now();
    const expiresAt = new Date(at.getTime() + PROVIDER_LINK_DAYS * 86_400_000);
    // A new link replaces any unused one for the same service.
    await replaceProviderLink(
      tx.db,
      service.scope,
      {
        tokenHash: hashToken(token),
        serviceId: service.id,
        ownerOrganisationId: service.ownerOrganisationId,
        createdBy: actorOf(tx).userId,
        expiresAt,
        sentTo: email,
      },
      at,
    );
    const ownerName = await findOrganisationName(tx.db, service.ownerOrganisationId);
    await tx.notifier.sendEmail(tx.db, {
      to: email,
      subject: `Please check your entry in the ${ownerName ?? 'local'} directory`,
      body: [
        'Hello,',
        '',
        `${ownerName ?? 'Your local GP practice'} lists "${service.name}" in its directory of local services, so that staff and patients can find you.`,
        'Please check the details are right. You can confirm them, or send us changes, with this link (no account needed):',
        '',
        link,
        '',
        `The link works once and stops working after ${PROVIDER_LINK_DAYS} days. If you did not expect this email you can ignore it.`,
      ].join('\n'),
      oneTimeLink: link,
      organisationId: service.ownerOrganisationId,
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.provider-link-created',
      subjectType: 'dir_service',
      subjectId: service.id,
      organisationId: service.ownerOrganisationId,
    });
  });
  return link;
}

/** A live provider link: the service it opens and who it was sent to. */
export interface ProviderLink {
  service: ServiceOwnership;
  sentTo: string | null;
}

/** The service a token opens, if the link is unused and unexpired. */
export async function findProviderLink(ctx: ServiceContext, token: string): Promise<ProviderLink | undefined> {
  if (!/^[\w-]{20,100}$/.test(token)) {
    return undefined;
  }
  const link = await findLiveProviderLink(ctx.db, hashToken(token), ctx.clock.now());
  const service = link ? await findServiceOwnership(ctx.db, link.serviceId) : undefined;
  return service && link ? { service, sentTo: link.sentTo } : undefined;
}

/** The provider says nothing has changed: verified now, by the provider. False for a spent link. */
export async function providerConfirms(ctx: ServiceContext, token: string): Promise<boolean> {
  const link = await findProviderLink(ctx, token);
  if (!link) {
    return false;
  }
  return inTransaction(ctx, async (tx) => {
    const at = tx.clock.now();
    if (!(await spendProviderLink(tx.db, hashToken(token), at))) {
      return false;
    }
    await recordVerification(tx.db, {
      serviceId: link.service.id,
      method: 'provider',
      at,
      userId: null,
      email: link.sentTo,
      outcome: 'The provider confirmed the details',
    });
    await recordAudit(tx.db, tx.audit, {
      action: 'directory.service-verified',
      subjectType: 'dir_service',
      subjectId: link.service.id,
      organisationId: link.service.ownerOrganisationId,
      details: { method: 'provider' },
    });
    return true;
  });
}

/**
 * The provider sends changes. They go to the review queue like any other proposal (a link
 * in a forwarded email must not publish unchecked text), and verify the entry when approved.
 * Spending the link and recording the proposal happen together: bad input leaves the link live.
 */
export async function providerProposes(
  ctx: ServiceContext,
  token: string,
  details: ServiceDetails,
  comment: string,
): Promise<boolean> {
  const link = await findProviderLink(ctx, token);
  if (!link) {
    return false;
  }
  return inTransaction(ctx, async (tx) => {
    if (!(await spendProviderLink(tx.db, hashToken(token), tx.clock.now()))) {
      return false;
    }
    await proposeChange(tx, link.service, details, {
      source: 'provider',
      proposerEmail: link.sentTo ?? undefined,
      comment,
    });
    return true;
  });
}
