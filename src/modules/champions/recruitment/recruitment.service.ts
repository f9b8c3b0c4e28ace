import { recordAudit } from '../../../platform/audit/audit.ts';
import { rolesIn, type Scope, narrowScope, trustedScope } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import { actorOf, inTransaction, type ServiceContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { hashToken, isUuid } from '../../../lib/ids.ts';
import { findUserByEmail } from '../../accounts/index.ts';
import { inviteMember } from '../../organisations/index.ts';
import { agreementsFor } from '../agreements/agreements.repo.ts';
import { campaignOnForm } from './campaigns.service.ts';
import {
  type ChampionSearchQuery,
  type ExpressionOfInterestForm,
  STAGE_LABELS,
  splitList,
} from '../shared/champions.schemas.ts';
import { manageScope, organisationIn, viewScope } from '../shared/champions.policy.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import type { ChampionRow, ChampionStage } from '../champions.tables.ts';
import { auditedChampionSearch } from '../shared/champion-search.service.ts';
import { inductionFor } from '../induction/induction.repo.ts';
import { countByStage, findChampion, insertChampion, updateStage } from './recruitment.repo.ts';
import { roleNamesIn } from '../shared/champion-search.repo.ts';
import { rolesOf } from '../roles/roles.repo.ts';
import { checkStageMove } from './stage-moves.service.ts';
import {
  acceptedChampionInvitation,
  emailOfUser,
  findChampionOfUser,
  holdsChampionRole,
  linkChampionRecords,
  openChampionInvitationExists,
} from './champion-accounts.repo.ts';
import { championStaffOf, findPracticeByOdsCode } from '../shared/organisations.repo.ts';

/** A practice (or other setting) that takes expressions of interest, by ODS code. */
export async function publicPractice(
  ctx: ServiceContext,
  odsCode: string,
): Promise<{ id: string; name: string; ods_code: string }> {
  const code = odsCode.toUpperCase();
  if (!/^[A-Z0-9]{3,10}$/.test(code)) {
    throw new NotFoundError();
  }
  const practice = await findPracticeByOdsCode(ctx.db, code);
  if (!practice?.ods_code) {
    throw new NotFoundError();
  }
  return { id: practice.id, name: practice.name, ods_code: practice.ods_code };
}

/** Records an expression of interest from the public form. */
export async function submitInterest(
  ctx: ServiceContext,
  odsCode: string,
  form: ExpressionOfInterestForm,
): Promise<void> {
  const practice = await publicPractice(ctx, odsCode);
  const campaign = form.campaign ? await campaignOnForm(ctx.db, practice.id, form.campaign) : undefined;
  if (campaign?.ended) {
    throw new ValidationError({
      campaign: `The campaign “${campaign.name}” has ended. Send the form again to tell us you are interested anyway`,
    });
  }
  // Anyone may express interest at a practice: the public form writes into that practice alone.
  const scope = trustedScope([practice.id], 'public');
  await inTransaction(ctx, async ({ db: tx }) => {
    const id = await insertChampion(tx, scope, {
      organisationId: practice.id,
      displayName: form.fullName,
      email: form.email ? form.email.toLowerCase() : null,
      phone: form.phone || null,
      accessNeeds: form.accessNeeds,
      heardVia: form.heardVia,
      campaignId: campaign?.id ?? null,
      tags: {
        interest: form.interests,
        availability: form.availability,
        skill: splitList(form.skills),
        language: splitList(form.languages),
      },
    });
    await recordAudit(
      tx,
      { ...ctx.audit, actorUserId: null },
      {
        action: 'champion.interest-received',
        subjectType: 'champion',
        subjectId: id,
        organisationId: practice.id,
        details: { campaign: campaign ? true : false },
      },
    );
    // Coordinators hear about it (no personal details in the email: they follow the link and sign in).
    for (const to of await coordinatorEmails(tx, practice.id)) {
      await ctx.notifier.sendEmail(tx, {
        to,
        organisationId: practice.id,
        subject: `Someone would like to become a champion at ${practice.name}`,
        body: [
          `A new expression of interest has arrived for ${practice.name}.`,
          '',
          `See it here: ${ctx.config.baseUrl}/organisations/${practice.id}/champions/${id}`,
        ].join('\n'),
      });
    }
  });
}

/** Who hears about champions at a practice: its coordinators, or its practice managers when it has none. */
export async function coordinatorEmails(db: Executor, organisationId: string): Promise<string[]> {
  const staff = await championStaffOf(db, organisationId);
  const coordinators = staff.filter((person) => person.role === 'coordinator');
  return [...new Set((coordinators.length > 0 ? coordinators : staff).map((person) => person.email.toLowerCase()))];
}

/** The pipeline for one organisation (a network's covers its practices): counts and a page of people. */
export async function pipeline(ctx: ServiceContext, organisationId: string, query: ChampionSearchQuery) {
  const scope = await viewScope(ctx, organisationId);
  const organisation = await organisationIn(ctx, scope, organisationId);
  const counts = await countByStage(ctx.db, scope);
  const results = await auditedChampionSearch(ctx, scope, organisationId, query, 'champion.list-viewed');
  const canManage = rolesGrant(rolesIn(actorOf(ctx), organisationId), 'champions:manage');
  return {
    organisation,
    counts,
    results,
    canManage,
    multiple: scope.organisationIds.length > 1,
    roleNames: await roleNamesIn(ctx.db, scope),
  };
}

/** What still stops someone becoming active: unsigned current agreements, unticked induction items, no role. */
export async function activationBlockers(
  db: Executor,
  scope: Scope,
  organisationId: string,
  championId: string,
): Promise<string[]> {
  const own = narrowScope(scope, [organisationId]);
  const blockers: string[] = [];
  for (const agreement of await agreementsFor(db, own, organisationId, championId)) {
    if (!agreement.signed) {
      blockers.push(`${agreement.template.title} (version ${agreement.template.version}) is not signed`);
    }
  }
  const open = (await inductionFor(db, own, organisationId, championId)).filter((entry) => !entry.tick);
  if (open.length > 0) {
    blockers.push(`${open.length} induction item${open.length === 1 ? ' is' : 's are'} not ticked`);
  }
  if ((await rolesOf(db, own, championId)).length === 0) {
    blockers.push('they have no role yet: give them a role they are cleared for');
  }
  return blockers;
}

/**
 * Moves someone to another stage, recording when and who. Becoming active needs every current
 * agreement signed and the induction finished, and gives them a log-in: the champion is linked
 * to an existing account with the same email, or invited by email as a champion.
 */
export async function changeStage(
  ctx: ServiceContext,
  organisationId: string,
  championId: string,
  to: ChampionStage,
  note: string,
  roleTemplateId: string | null = null,
): Promise<{ invited: boolean; pending?: boolean }> {
  const scope = await manageScope(ctx, organisationId);
  const champion = isUuid(championId) ? await findChampion(ctx.db, scope, championId) : undefined;
  if (!champion) {
    throw new NotFoundError();
  }
  if (champion.stage === to) {
    throw new ValidationError({ stage: `They are already at ${STAGE_LABELS[to].toLowerCase()}` });
  }
  const offered = await checkStageMove(ctx.db, scope, organisationId, to, roleTemplateId);
  if (to === 'active') {
    await ensureChampionDefaults(ctx.db, organisationId);
    const blockers = await activationBlockers(ctx.db, scope, organisationId, champion.id);
    if (blockers.length > 0) {
      throw new ValidationError({ stage: `They cannot be made active yet: ${blockers.join('; ')}` });
    }
  }
  await inTransaction(ctx, async ({ db: tx }) => {
    const moved = await updateStage(tx, scope, champion.id, champion.stage, to, actorOf(ctx).userId, note, offered);
    if (!moved) {
      throw new ConflictError('Someone else changed their stage just now. Check their record and try again');
    }
    await recordAudit(tx, ctx.audit, {
      action: 'champion.stage-changed',
      subjectType: 'champion',
      subjectId: champion.id,
      organisationId,
      details: { from: champion.stage, to, ...(offered ? { roleTemplateId: offered } : {}) },
    });
  });
  // A log-in from the agreements stage on, so champions can sign their agreements themselves.
  return to === 'active' || to === 'agreements' ? giveLogIn(ctx, organisationId, champion) : { invited: false };
}

async function giveLogIn(
  ctx: ServiceContext,
  organisationId: string,
  champion: ChampionRow,
): Promise<{ invited: boolean; pending?: boolean }> {
  if (!champion.email || champion.user_id) {
    return { invited: false };
  }
  if (await openChampionInvitationExists(ctx.db, organisationId, champion.email)) {
    return { invited: false, pending: true };
  }
  const existing = await findUserByEmail(ctx.db, champion.email);
  if (existing) {
    await linkChampionAccounts(ctx.db, existing.id, champion.email, organisationId);
    if (await holdsChampionRole(ctx.db, existing.id, organisationId)) {
      return { invited: false };
    }
  }
  try {
    await inviteMember(ctx, organisationId, { email: champion.email, role: 'champion' });
    return { invited: true };
  } catch (error) {
    if (error instanceof ConflictError) {
      return { invited: false };
    }
    throw error;
  }
}

/**
 * Links champions with no log-in to the account with the same email: where the person holds
 * the champion role in the champion's organisation, or, when `inOrganisation` is given (a
 * coordinator activating them there), in that organisation whatever their roles.
 */
export async function linkChampionAccounts(
  db: Executor,
  userId: string,
  email: string,
  inOrganisation?: string,
): Promise<void> {
  await linkChampionRecords(db, userId, email, inOrganisation);
}

/** After a champion invitation is accepted, links the champion record with the same email to the new log-in. */
export async function linkAcceptedInvitation(db: Executor, token: string): Promise<void> {
  const accepted = await acceptedChampionInvitation(db, hashToken(token));
  if (accepted) {
    await linkChampionAccounts(db, accepted.id, accepted.email);
  }
}

/** The champion record of a signed-in person in an organisation (linking it by email if needed). */
export async function findChampionForUser(
  db: Executor,
  userId: string,
  organisationId: string,
): Promise<ChampionRow | undefined> {
  if (!isUuid(userId) || !isUuid(organisationId)) {
    return undefined;
  }
  const find = () => findChampionOfUser(db, userId, organisationId);
  const found = await find();
  if (found) {
    return found;
  }
  const email = await emailOfUser(db, userId);
  if (email === undefined) {
    return undefined;
  }
  await linkChampionAccounts(db, userId, email);
  return find();
}
