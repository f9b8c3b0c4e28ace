import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** A live (not accepted, withdrawn or expired) invitation found by its link's hash, with its organisation's name. */
export function findLiveInvitation(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.organisation_id')
    .select([
      'invitations.id',
      'invitations.email',
      'invitations.role',
      'invitations.organisation_id as organisationId',
      'organisations.name as organisationName',
    ])
    .where('invitations.token_hash', '=', tokenHash)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Spends a live invitation of an organisation in the scope, once, for `userId`; undefined when it is gone. */
export async function spendInvitation(db: Executor, scope: Scope, tokenHash: string, userId: string) {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .updateTable('invitations')
    .set({ accepted_at: sql<Date>`now()`, accepted_by: userId })
    .where('token_hash', '=', tokenHash)
    .where('organisation_id', 'in', scope.organisationIds)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['id', 'organisation_id', 'role', 'invited_by'])
    .executeTakeFirst();
}
