import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { endAllSessions } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { manageScope } from '../shared/champions.policy.ts';
import { runDepartureHandlers } from './departures.service.ts';
import type { LeaveForm } from './exit.schemas.ts';
import { revokeChampionInvitations } from '../recruitment/stage-moves.service.ts';
import { myChampion, organisationName } from '../self-service/self-service.service.ts';
import { londonToday } from '../../../lib/dates.ts';

async function managedChampion(ctx: ServiceContext, organisationId: string, championId: string) {
  const scope = await manageScope(ctx, organisationId);
  const champion = isUuid(championId)
    ? await ctx.db.selectFrom('champions').select(['id', 'organisation_id', 'display_name', 'user_id', 'stage', 'created_at']).where('id', '=', championId).where('organisation_id', 'in', [...scope.organisationIds]).executeTakeFirst()
    : undefined;
  if (!champion) {
    throw new NotFoundError();
  }
  return { scope, champion, organisation: { id: organisationId, name: await organisationName(ctx, organisationId) } };
}

/** The champion and organisation, for the pause, leave and reference pages. */
export async function championForExit(ctx: ServiceContext, organisationId: string, championId: string) {
  const { champion, organisation } = await managedChampion(ctx, organisationId, championId);
  return { champion, organisation };
}

async function moveStage(tx: Executor, championId: string, from: string, to: 'paused' | 'left', userId: string | null, note: string): Promise<void> {
  await tx.updateTable('champions').set({ stage: to, stage_changed_at: new Date(), updated_at: new Date() }).where('id', '=', championId).execute();
  await tx.insertInto('champion_stage_history').values({ id: newId(), champion_id: championId, from_stage: from, to_stage: to, changed_by: userId, note }).execute();
}

async function recordPause(ctx: ServiceContext, organisationId: string, champion: { id: string; stage: string }, returnOn: string): Promise<void> {
  if (champion.stage === 'left') {
    throw new ConflictError('This champion has left');
  }
  if (returnOn <= londonToday(ctx.clock.now())) {
    throw new ValidationError({ returnOn: 'The return date must be in the future' });
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    await moveStage(tx, champion.id, champion.stage, 'paused', ctx.actor?.userId ?? null, `Paused until ${returnOn}`);
    await tx.insertInto('champion_departures').values({ id: newId(), organisation_id: organisationId, champion_id: champion.id, kind: 'pause', return_on: returnOn, recorded_by: ctx.actor?.userId ?? null }).execute();
    await runDepartureHandlers(tx, { championId: champion.id, organisationId, kind: 'paused', until: returnOn });
    await recordAudit(tx, ctx.audit, { action: 'champion.paused', subjectType: 'champion', subjectId: champion.id, organisationId });
  });
}

/** Pauses a champion until a return date (coordinator). */
export async function pauseChampion(ctx: ServiceContext, organisationId: string, championId: string, returnOn: string): Promise<void> {
  const { champion } = await managedChampion(ctx, organisationId, championId);
  await recordPause(ctx, organisationId, champion, returnOn);
}

/** The signed-in champion pauses themselves until a return date. */
export async function pauseMyself(ctx: ServiceContext, returnOn: string): Promise<void> {
  const champion = await myChampion(ctx);
  await recordPause(ctx, champion.organisationId, champion, returnOn);
}

/** The signed-in champion's current pause, if they are paused. */
export async function myPause(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const pause = champion.stage === 'paused'
    ? await ctx.db.selectFrom('champion_departures').select('return_on').where('champion_id', '=', champion.id).where('kind', '=', 'pause').orderBy('recorded_at', 'desc').executeTakeFirst()
    : undefined;
  return { champion, returnOn: pause?.return_on ?? null };
}

/**
 * Records that a champion has left: the exit conversation (optional), their log-in here
 * revoked and their sessions ended, future meeting invitations and open actions released,
 * and roles ended. Their personal data is minimised later by the retention job.
 */
export async function leaveChampion(ctx: ServiceContext, organisationId: string, championId: string, form: LeaveForm): Promise<void> {
  const { champion } = await managedChampion(ctx, organisationId, championId);
  if (champion.stage === 'left') {
    throw new ConflictError('This champion has already left');
  }
  const { leftOn, ...answers } = form;
  const answered = Object.values(answers).some((value) => value !== '');
  await inTransaction(ctx, async ({ db: tx }) => {
    await moveStage(tx, champion.id, champion.stage, 'left', ctx.actor?.userId ?? null, 'Left');
    await tx.insertInto('champion_departures').values({ id: newId(), organisation_id: organisationId, champion_id: champion.id, kind: 'exit', left_on: leftOn, exit_answers: answered ? JSON.stringify(answers) : null, recorded_by: ctx.actor?.userId ?? null }).execute();
    if (champion.user_id) {
      const removed = await tx.deleteFrom('memberships').where('user_id', '=', champion.user_id).where('organisation_id', '=', organisationId).where('role', '=', 'champion').executeTakeFirst();
      if (Number(removed.numDeletedRows) > 0) {
        // A role change like any other, so it is found with the rest (role.granted, role.removed).
        await recordAudit(tx, ctx.audit, { action: 'role.removed', subjectType: 'user', subjectId: champion.user_id, organisationId, details: { role: 'champion', via: 'champion-left' } });
      }
      await endAllSessions(tx, champion.user_id);
    }
    const future = tx.selectFrom('champion_meetings').select('id').where('organisation_id', '=', organisationId).where('held_on', '>=', londonToday(ctx.clock.now()));
    await tx.deleteFrom('champion_meeting_invitations').where('champion_id', '=', champion.id).where('meeting_id', 'in', future).execute();
    await tx.updateTable('champion_meeting_items').set({ owner_champion_id: null }).where('owner_champion_id', '=', champion.id).where('status', '=', 'open').execute();
    await tx.updateTable('champion_role_assignments').set({ ended_at: ctx.clock.now() }).where('champion_id', '=', champion.id).where('ended_at', 'is', null).execute();
    await revokeChampionInvitations(tx, organisationId, champion.id);
    await runDepartureHandlers(tx, { championId: champion.id, organisationId, kind: 'left', until: null });
    await recordAudit(tx, ctx.audit, { action: 'champion.left', subjectType: 'champion', subjectId: champion.id, organisationId, details: { exitConversation: answered, logInRevoked: champion.user_id !== null } });
  });
}

/**
 * What a reference letter says: the champion's roles, hours and dates, from the records. They
 * were a champion from the day they first became active (not the day they first showed an
 * interest) until the day they left. Reading it is audited.
 */
export async function referenceLetter(ctx: ServiceContext, organisationId: string, championId: string) {
  const { champion, organisation } = await managedChampion(ctx, organisationId, championId);
  const roles = await ctx.db
    .selectFrom('champion_role_assignments')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'champion_role_assignments.role_template_id')
    .select(['champion_role_templates.name', 'champion_role_templates.description', 'champion_role_assignments.assigned_at', 'champion_role_assignments.ended_at'])
    .where('champion_role_assignments.champion_id', '=', champion.id)
    .orderBy('champion_role_assignments.assigned_at')
    .execute();
  const hours = await sql<{ minutes: number; verified: number; first: string | null; last: string | null; meetings: number }>`
    select coalesce(sum(minutes), 0)::int as minutes, coalesce(sum(minutes) filter (where status = 'verified'), 0)::int as verified,
      min(worked_on)::text as first, max(worked_on)::text as last, count(meeting_id)::int as meetings
    from champion_hours where champion_id = ${champion.id} and organisation_id = ${organisationId}`.execute(ctx.db);
  const exit = await ctx.db.selectFrom('champion_departures').select('left_on').where('champion_id', '=', champion.id).where('kind', '=', 'exit').orderBy('recorded_at', 'desc').executeTakeFirst();
  const active = await ctx.db.selectFrom('champion_stage_history').select('changed_at').where('champion_id', '=', champion.id).where('to_stage', '=', 'active').orderBy('changed_at').limit(1).executeTakeFirst();
  await recordAudit(ctx.db, ctx.audit, { action: 'champion.reference-viewed', subjectType: 'champion', subjectId: champion.id, organisationId });
  return { champion, organisation, roles, hours: hours.rows[0] ?? { minutes: 0, verified: 0, first: null, last: null, meetings: 0 }, activeSince: active?.changed_at ?? null, leftOn: exit?.left_on ?? null, writtenBy: ctx.actor?.displayName ?? '' };
}
