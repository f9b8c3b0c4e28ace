import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { type ServiceContext, actorOf } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { hashToken, newToken } from '../../../lib/ids.ts';
import { refuseActivityListing } from '../activity-listings/activity-listings.service.ts';
import { authoriseOnService, findServiceOwnership, type ServiceOwnership } from '../shared/directory.policy.ts';
import { recordVerification } from '../freshness/freshness.repo.ts';
import { proposeChange } from '../proposals/proposals.service.ts';
import type { ServiceDetails } from '../services/service-edit.schemas.ts';

/** How long a provider's update link works. */
export const PROVIDER_LINK_DAYS = 14;

/**
 * Emails a provider a one-time link to update its own entry without an account (staff who may
 * edit the entry). Only the token's hash is stored. Returns the link (the outbox has it too).
 */
export async function createProviderLink(ctx: ServiceContext, serviceId: string, email: string): Promise<string> {
  const service = await authoriseOnService(ctx, 'directory:edit', serviceId);
  refuseActivityListing(service);
  const token = newToken();
  const link = `${ctx.config.baseUrl}/directory/provider/${token}`;
  const expiresAt = new Date(Date.now() + PROVIDER_LINK_DAYS * 86_400_000);
  await withTransaction(ctx.db, async (tx) => {
    // A new link replaces any unused one for the same service.
    await tx.updateTable('dir_provider_links').set({ expires_at: new Date() }).where('service_id', '=', service.id).where('used_at', 'is', null).where('expires_at', '>', new Date()).execute();
    await tx.insertInto('dir_provider_links').values({ token_hash: hashToken(token), service_id: service.id, created_by: actorOf(ctx).userId, expires_at: expiresAt, sent_to: email }).execute();
    const owner = await tx.selectFrom('organisations').select('name').where('id', '=', service.ownerOrganisationId).executeTakeFirst();
    await ctx.notifier.sendEmail(tx, {
      to: email,
      subject: `Please check your entry in the ${owner?.name ?? 'local'} directory`,
      body: [
        'Hello,',
        '',
        `${owner?.name ?? 'Your local GP practice'} lists "${service.name}" in its directory of local services, so that staff and patients can find you.`,
        'Please check the details are right. You can confirm them, or send us changes, with this link (no account needed):',
        '',
        link,
        '',
        `The link works once and stops working after ${PROVIDER_LINK_DAYS} days. If you did not expect this email you can ignore it.`,
      ].join('\n'),
      organisationId: service.ownerOrganisationId,
    });
    await recordAudit(tx, ctx.audit, { action: 'directory.provider-link-created', subjectType: 'dir_service', subjectId: service.id, organisationId: service.ownerOrganisationId });
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
  const link = await ctx.db
    .selectFrom('dir_provider_links')
    .select(['service_id', 'sent_to'])
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  const service = link ? await findServiceOwnership(ctx.db, link.service_id) : undefined;
  return service && link ? { service, sentTo: link.sent_to } : undefined;
}

/** Spends a link; false when it was used or expired meanwhile (two tabs, two clicks). */
async function spendLink(ctx: ServiceContext, token: string): Promise<boolean> {
  const spent = await sql`update dir_provider_links set used_at = now() where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()`.execute(ctx.db);
  return Number(spent.numAffectedRows ?? 0) > 0;
}

/** The provider says nothing has changed: verified now, by the provider. False for a spent link. */
export async function providerConfirms(ctx: ServiceContext, token: string): Promise<boolean> {
  const link = await findProviderLink(ctx, token);
  if (!link) {
    return false;
  }
  return withTransaction(ctx.db, async (tx) => {
    if (!(await spendLink({ ...ctx, db: tx }, token))) {
      return false;
    }
    await recordVerification(tx, { serviceId: link.service.id, method: 'provider', at: new Date(), userId: null, email: link.sentTo, outcome: 'The provider confirmed the details' });
    await recordAudit(tx, ctx.audit, { action: 'directory.service-verified', subjectType: 'dir_service', subjectId: link.service.id, organisationId: link.service.ownerOrganisationId, details: { method: 'provider' } });
    return true;
  });
}

/**
 * The provider sends changes. They go to the review queue like any other proposal (a link
 * in a forwarded email must not publish unchecked text), and verify the entry when approved.
 * Spending the link and recording the proposal happen together: bad input leaves the link live.
 */
export async function providerProposes(ctx: ServiceContext, token: string, details: ServiceDetails, comment: string): Promise<boolean> {
  const link = await findProviderLink(ctx, token);
  if (!link) {
    return false;
  }
  return withTransaction(ctx.db, async (tx) => {
    const inTransaction = { ...ctx, db: tx };
    if (!(await spendLink(inTransaction, token))) {
      return false;
    }
    await proposeChange(inTransaction, link.service, details, { source: 'provider', proposerEmail: link.sentTo ?? undefined, comment });
    return true;
  });
}
