import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A new one-time link for a service in the scope; only the token's hash is kept. */
export interface NewProviderLink {
  tokenHash: string;
  serviceId: string;
  ownerOrganisationId: string;
  createdBy: string;
  expiresAt: Date;
  sentTo: string;
}

/** Stores a provider link, first expiring any unused one for the same service. */
export async function replaceProviderLink(db: Executor, scope: Scope, link: NewProviderLink, at: Date): Promise<void> {
  if (!scope.organisationIds.includes(link.ownerOrganisationId)) {
    return;
  }
  await db
    .updateTable('dir_provider_links')
    .set({ expires_at: at })
    .where('service_id', '=', link.serviceId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
  await db
    .insertInto('dir_provider_links')
    .values({
      token_hash: link.tokenHash,
      service_id: link.serviceId,
      created_by: link.createdBy,
      expires_at: link.expiresAt,
      sent_to: link.sentTo,
    })
    .execute();
}

/** The service an unused, unexpired link opens, and who it was sent to. */
export function findLiveProviderLink(
  db: Executor,
  tokenHash: string,
  at: Date,
): Promise<{ serviceId: string; sentTo: string | null } | undefined> {
  return db
    .selectFrom('dir_provider_links')
    .select(['service_id as serviceId', 'sent_to as sentTo'])
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
}

/** Spends a link; false when it was used or expired meanwhile (two tabs, two clicks). */
export async function spendProviderLink(db: Executor, tokenHash: string, at: Date): Promise<boolean> {
  const spent = await db
    .updateTable('dir_provider_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) > 0;
}
