import type { Executor } from '../../../platform/db/transaction.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { ChampionStage } from '../champions.tables.ts';

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
      ? await db
          .selectFrom('champion_role_templates')
          .select('id')
          .where('id', '=', roleTemplateId)
          .where('organisation_id', '=', organisationId)
          .where('active', '=', true)
          .executeTakeFirst()
      : undefined;
  if (!template) {
    throw new ValidationError({ offeredRole: 'Select the role you are offering them' });
  }
  return template.id;
}

/** Open (not accepted, withdrawn or expired) champion invitations to this email in the organisation. */
export async function hasOpenChampionInvitation(db: Executor, organisationId: string, email: string): Promise<boolean> {
  const open = await db
    .selectFrom('invitations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .where((eb) => eb.fn('lower', ['email']), '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return open !== undefined;
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
  const row = await db
    .selectFrom('champions')
    .leftJoin('users', 'users.id', 'champions.user_id')
    .select(['champions.email', 'users.email as login_email'])
    .where('champions.id', '=', championId)
    .executeTakeFirst();
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
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: new Date() })
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'champion')
    .where((eb) => eb.fn('lower', ['email']), 'in', emails)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
