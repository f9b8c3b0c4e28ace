import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { ChampionStage } from '../champions.tables.ts';
import { findActiveRoleTemplate } from '../roles/roles.repo.ts';
import { emailsOfChampion, revokeOpenChampionInvitations } from './champion-accounts.repo.ts';

/**
 * Pausing and leaving are not stage changes like the others: the pause page asks for a return
 * date and the leave page ends the log-in, roles, invitations and rota places and starts the
 * retention clock. "Change stage" points coordinators there instead.
 */
export const OFF_PIPELINE_MOVES: Partial<Record<ChampionStage, string>> = {
  paused: 'To pause them, use “Pause” on their record: it asks when they expect to come back',
  left: 'To record that they have left, use “Record that they have left” on their record: it ends their log-in, roles and invitations',
};

/**
 * Checks a stage move before it is made: pausing and leaving have their own pages, and an
 * offer must name one of the organisation's active role templates. Returns the role offered
 * (null for any other move).
 */
export async function checkStageMove(
  db: Executor,
  scope: Scope,
  organisationId: string,
  to: ChampionStage,
  roleTemplateId: string | null | undefined,
): Promise<string | null> {
  const elsewhere = OFF_PIPELINE_MOVES[to];
  if (elsewhere) {
    throw new ValidationError({ stage: elsewhere });
  }
  if (to !== 'role_offered') {
    return null;
  }
  const template =
    roleTemplateId && isUuid(roleTemplateId)
      ? await findActiveRoleTemplate(db, scope, organisationId, roleTemplateId)
      : undefined;
  if (!template) {
    throw new ValidationError({ offeredRole: 'Select the role you are offering them' });
  }
  return template.id;
}

/**
 * Withdraws every open champion invitation in the organisation to a champion's email or to their
 * log-in's email, so someone who has left cannot join again through a link sent earlier.
 */
export async function revokeChampionInvitations(
  db: Executor,
  organisationId: string,
  championId: string,
): Promise<number> {
  const row = await emailsOfChampion(db, championId);
  const emails = [
    ...new Set(
      [row?.email, row?.login_email]
        .filter((email): email is string => Boolean(email))
        .map((email) => email.toLowerCase()),
    ),
  ];
  if (emails.length === 0) {
    return 0;
  }
  return revokeOpenChampionInvitations(db, organisationId, emails);
}
