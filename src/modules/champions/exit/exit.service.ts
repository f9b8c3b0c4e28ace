import { recordAudit } from '../../../platform/audit/audit.ts';
import { endAllSessions } from '../../../platform/auth/session.ts';
import { inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Scope } from '../../../platform/auth/policy.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid, newId } from '../../../lib/ids.ts';
import { manageScope } from '../shared/champions.policy.ts';
import { runDepartureHandlers } from './departures.service.ts';
import {
  endRoles,
  findExitChampion,
  insertDeparture,
  latestReturnDate,
  moveStage,
  referenceFacts,
  releaseMeetings,
  removeChampionMembership,
} from './exit.repo.ts';
import type { LeaveForm } from './exit.schemas.ts';
import { revokeChampionInvitations } from '../recruitment/stage-moves.service.ts';
import { myChampion, organisationName } from '../self-service/self-service.service.ts';
import { londonToday } from '../../../lib/dates.ts';

async function managedChampion(ctx: ServiceContext, organisationId: string, championId: string) {
  const scope = await manageScope(ctx, organisationId);
  const champion = isUuid(championId) ? await findExitChampion(ctx.db, scope, championId) : undefined;
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

async function recordPause(
  ctx: ServiceContext,
  scope: Scope,
  organisationId: string,
  champion: { id: string; stage: string },
  returnOn: string,
): Promise<void> {
  if (champion.stage === 'left') {
    throw new ConflictError('This champion has left');
  }
  if (returnOn <= londonToday(ctx.clock.now())) {
    throw new ValidationError({ returnOn: 'The return date must be in the future' });
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    await moveStage(tx, scope, {
      championId: champion.id,
      from: champion.stage,
      to: 'paused',
      userId: ctx.actor?.userId ?? null,
      note: `Paused until ${returnOn}`,
      at: ctx.clock.now(),
    });
    await insertDeparture(tx, scope, {
      id: newId(),
      organisation_id: organisationId,
      champion_id: champion.id,
      kind: 'pause',
      return_on: returnOn,
      recorded_by: ctx.actor?.userId ?? null,
    });
    await runDepartureHandlers(tx, { championId: champion.id, organisationId, kind: 'paused', until: returnOn });
    await recordAudit(tx, ctx.audit, {
      action: 'champion.paused',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
    });
  });
}

/** Pauses a champion until a return date (coordinator). */
export async function pauseChampion(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  returnOn: string,
): Promise<void> {
  const { scope, champion } = await managedChampion(ctx, organisationId, championId);
  await recordPause(ctx, scope, organisationId, champion, returnOn);
}

/** The signed-in champion pauses themselves until a return date. */
export async function pauseMyself(ctx: ServiceContext, returnOn: string): Promise<void> {
  const champion = await myChampion(ctx);
  await recordPause(ctx, champion.scope, champion.organisationId, champion, returnOn);
}

/** The signed-in champion's current pause, if they are paused. */
export async function myPause(ctx: ServiceContext) {
  const champion = await myChampion(ctx);
  const returnOn = champion.stage === 'paused' ? await latestReturnDate(ctx.db, champion.scope, champion.id) : null;
  return { champion, returnOn };
}

/**
 * Records that a champion has left: the exit conversation (optional), their log-in here
 * revoked and their sessions ended, future meeting invitations and open actions released,
 * and roles ended. Their personal data is minimised later by the retention job.
 */
export async function leaveChampion(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  form: LeaveForm,
): Promise<void> {
  const { scope, champion } = await managedChampion(ctx, organisationId, championId);
  if (champion.stage === 'left') {
    throw new ConflictError('This champion has already left');
  }
  const { leftOn, ...answers } = form;
  const answered = Object.values(answers).some((value) => value !== '');
  await inTransaction(ctx, async ({ db: tx }) => {
    await moveStage(tx, scope, {
      championId: champion.id,
      from: champion.stage,
      to: 'left',
      userId: ctx.actor?.userId ?? null,
      note: 'Left',
      at: ctx.clock.now(),
    });
    await insertDeparture(tx, scope, {
      id: newId(),
      organisation_id: organisationId,
      champion_id: champion.id,
      kind: 'exit',
      left_on: leftOn,
      exit_answers: answered ? JSON.stringify(answers) : null,
      recorded_by: ctx.actor?.userId ?? null,
    });
    if (champion.user_id) {
      if (await removeChampionMembership(tx, scope, champion.user_id, organisationId)) {
        // A role change like any other, so it is found with the rest (role.granted, role.removed).
        await recordAudit(tx, ctx.audit, {
          action: 'role.removed',
          subjectType: 'user',
          subjectId: champion.user_id,
          organisationId,
          details: { role: 'champion', via: 'champion-left' },
        });
      }
      await endAllSessions(tx, champion.user_id);
    }
    await releaseMeetings(tx, scope, organisationId, champion.id, londonToday(ctx.clock.now()));
    await endRoles(tx, scope, champion.id, ctx.clock.now());
    await revokeChampionInvitations(tx, organisationId, champion.id);
    await runDepartureHandlers(tx, { championId: champion.id, organisationId, kind: 'left', until: null });
    await recordAudit(tx, ctx.audit, {
      action: 'champion.left',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { exitConversation: answered, logInRevoked: champion.user_id !== null },
    });
  });
}

/**
 * What a reference letter says: the champion's roles, hours and dates, from the records. They
 * were a champion from the day they first became active (not the day they first showed an
 * interest) until the day they left. Reading it is audited.
 */
export async function referenceLetter(ctx: ServiceContext, organisationId: string, championId: string) {
  const { scope, champion, organisation } = await managedChampion(ctx, organisationId, championId);
  const { roles, hours, exit, active } = await referenceFacts(ctx.db, scope, organisationId, champion.id);
  await recordAudit(ctx.db, ctx.audit, {
    action: 'champion.reference-viewed',
    subjectType: 'champion',
    subjectId: champion.id,
    organisationId,
  });
  return {
    champion,
    organisation,
    roles,
    hours,
    activeSince: active?.changed_at ?? null,
    leftOn: exit?.left_on ?? null,
    writtenBy: ctx.actor?.displayName ?? '',
  };
}
