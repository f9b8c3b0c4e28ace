import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, narrowScope, rolesIn } from '../../../platform/auth/policy.ts';
import { rolesGrant } from '../../../platform/auth/roles.ts';
import type { ServiceContext } from '../../../platform/context.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import { findService } from '../../directory/index.ts';
import {
  type ActivityAccess,
  abilitiesFor,
  activityAccess,
  listAccess,
  mayEdit,
  mayMove,
} from '../shared/activities.policy.ts';
import {
  findUserName,
  insertActivity,
  listActivities,
  listStatusHistory,
  replaceLinks,
  updateActivity,
} from './activities.repo.ts';
import {
  checkChoices,
  findIdeaOrigin,
  findLinks,
  findMeetingIdea,
  formOptions,
  listMeetingIdeas,
} from './activity-links.service.ts';
import type { ActivityInput, StatusForm } from './activities.schemas.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { proposalGaps } from './lifecycle.rules.ts';
import { missingFor, transitionActivity } from './lifecycle.service.ts';
import { syncActivityListing } from '../whats-on/publishing.service.ts';
import { listRiskAssessments } from '../risk-assessment/risk-assessment.repo.ts';
import { refreshFutureRotaPlaces } from '../rota/rota.service.ts';
import { findOrganisation, lockActivity } from '../shared/activity-records.repo.ts';

/** An organisation as the activity pages show it. */
export type OrganisationSummary = NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;

async function organisationOf(ctx: ServiceContext, scope: Scope, organisationId: string): Promise<OrganisationSummary> {
  const organisation = await findOrganisation(ctx.db, scope, organisationId);
  if (!organisation) {
    throw new NotFoundError();
  }
  return organisation;
}

/** The organisation's activities (a network's include its practices'), and ideas waiting to be proposed. */
export async function activitiesList(ctx: ServiceContext, organisationId: string, status?: ActivityStatus) {
  const { scope, can } = await listAccess(ctx, organisationId);
  const own = narrowScope(scope, [organisationId]);
  const organisation = await organisationOf(ctx, own, organisationId);
  const activities = await listActivities(ctx.db, scope, status);
  const ideas = can.propose ? await listMeetingIdeas(ctx.db, own, organisationId) : [];
  return { organisation, activities, ideas, can };
}

async function proposerScope(
  ctx: ServiceContext,
  organisationId: string,
): Promise<{ organisation: OrganisationSummary; scope: Scope }> {
  const access = await listAccess(ctx, organisationId);
  if (!access.can.propose) {
    throw new ForbiddenError();
  }
  const scope = narrowScope(access.scope, [organisationId]);
  return { organisation: await organisationOf(ctx, scope, organisationId), scope };
}

/** The empty proposal form, optionally started from a champion meeting's idea. */
export async function proposalForm(ctx: ServiceContext, organisationId: string, ideaId?: string) {
  const { organisation, scope } = await proposerScope(ctx, organisationId);
  const idea = ideaId && isUuid(ideaId) ? await findMeetingIdea(ctx.db, scope, organisationId, ideaId) : undefined;
  if (ideaId && !idea) {
    throw new NotFoundError('That idea could not be found, or has already been turned into an activity');
  }
  return { organisation, idea: idea ?? null, options: await formOptions(ctx, organisation, scope) };
}

/**
 * Creates an activity: "Save as idea" keeps it an idea; "Submit proposal" moves it on to
 * proposed through the lifecycle. An idea from a champion meeting is linked, once.
 */
export async function proposeActivity(
  ctx: ServiceContext,
  organisationId: string,
  input: ActivityInput,
): Promise<string> {
  const { organisation, scope } = await proposerScope(ctx, organisationId);
  const options = await formOptions(ctx, organisation, scope);
  const { errors, places } = checkChoices(input, options);
  if (input.meetingItemId && !(await findMeetingIdea(ctx.db, scope, organisationId, input.meetingItemId))) {
    errors.meetingItemId = 'That idea has already been turned into an activity, or could not be found';
  }
  if (Object.keys(errors).length > 0) {
    throw new ValidationError(errors);
  }
  const userId = ctx.actor?.userId ?? null;
  return await withTransaction(ctx.db, async (tx) => {
    const row = await insertActivity(tx, scope, organisationId, input, userId);
    await replaceLinks(tx, scope, row, { hostIds: input.hostIds, leadChampionIds: input.leadChampionIds, places });
    await recordAudit(tx, ctx.audit, {
      action: 'activity.created',
      subjectType: 'activity',
      subjectId: row.id,
      organisationId,
      details: { meetingItemId: input.meetingItemId, intent: input.intent },
    });
    if (input.intent !== 'idea') {
      await transitionActivity(tx, ctx, row, 'proposed');
    } else {
      await syncActivityListing(tx, row.id, { userId });
    }
    return row.id;
  });
}

/** The public "what's on" page of an activity, once it is active and public. */
function publicPath(activity: ActivityRow, organisation: OrganisationSummary): string | null {
  if (activity.status !== 'active' || !activity.public || !organisation.ods_code) {
    return null;
  }
  const base = organisation.kind === 'network' ? 'networks' : organisation.kind === 'practice' ? 'practices' : null;
  return base ? `/${base}/${encodeURIComponent(organisation.ods_code)}/whats-on/${activity.id}` : null;
}

/**
 * The staff directory page of the activity's listing, when it has one and the person can open
 * it: anyone may open a published, active entry; an unpublished or paused one only those who
 * search the directory in the activity's own organisation (the directory's own rule).
 */
async function directoryPath(ctx: ServiceContext, { activity, scope }: ActivityAccess): Promise<string | null> {
  if (!activity.directory_service_id || !ctx.actor) {
    return null;
  }
  const listing = await findService(ctx.db, { kind: 'scope', scope }, activity.directory_service_id);
  if (!listing) {
    return null;
  }
  const open =
    (listing.published && listing.status === 'active') ||
    rolesGrant(rolesIn(ctx.actor, activity.organisation_id), 'directory:search');
  return open ? `/directory/services/${listing.id}` : null;
}

/** Everything the activity's page shows, with the buttons the person may use now. */
export async function activityPage(ctx: ServiceContext, activityId: string) {
  const access = await activityAccess(ctx, activityId);
  const { activity, scope } = access;
  const organisation = await organisationOf(ctx, scope, activity.organisation_id);
  const abilities = abilitiesFor(access);
  const hints: Partial<Record<'submitProposal' | 'approve' | 'publish', string[]>> = {};
  if (abilities.submitProposal) {
    hints.submitProposal = await missingFor(ctx.db, activity, 'proposed');
  }
  if (abilities.approve) {
    hints.approve = await missingFor(ctx.db, activity, 'approved');
  }
  if (abilities.publish) {
    hints.publish = await missingFor(ctx.db, activity, 'active');
  }
  const idea = activity.meeting_item_id ? await findIdeaOrigin(ctx.db, scope, activity.meeting_item_id) : undefined;
  const assessments = await listRiskAssessments(ctx.db, scope, activity.id);
  // The page names the leads, sponsor, proposer and everyone in the history: an audited read.
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.viewed',
    subjectType: 'activity',
    subjectId: activity.id,
    organisationId: activity.organisation_id,
  });
  return {
    activity,
    organisation,
    links: await findLinks(ctx.db, scope, activity.id),
    history: await listStatusHistory(ctx.db, scope, activity.id),
    latestAssessment: assessments[0] ?? null,
    earlierAssessments: assessments.length - 1,
    sponsorName: await findUserName(ctx.db, activity.staff_sponsor_user_id),
    proposerName: await findUserName(ctx.db, activity.created_by),
    idea: idea ?? null,
    abilities,
    hints,
    publicPath: publicPath(activity, organisation),
    directoryPath: await directoryPath(ctx, access),
  };
}

async function editableActivity(ctx: ServiceContext, activityId: string): Promise<ActivityAccess> {
  const access = await activityAccess(ctx, activityId);
  if (!mayEdit(access)) {
    throw access.activity.status === 'closed' && access.can.manage
      ? new ConflictError('This activity is closed, so it cannot be changed')
      : new ForbiddenError();
  }
  return access;
}

async function editContext(ctx: ServiceContext, { activity, scope }: ActivityAccess) {
  const organisation = await organisationOf(ctx, scope, activity.organisation_id);
  const links = await findLinks(ctx.db, scope, activity.id);
  const sponsorName = await findUserName(ctx.db, activity.staff_sponsor_user_id);
  const sponsor =
    activity.staff_sponsor_user_id && sponsorName
      ? { id: activity.staff_sponsor_user_id, display_name: sponsorName }
      : null;
  return { activity, organisation, links, options: await formOptions(ctx, organisation, scope, { links, sponsor }) };
}

/** The edit form of an activity, with its current hosts, leads and roles. */
export async function editForm(ctx: ServiceContext, activityId: string) {
  const access = await editableActivity(ctx, activityId);
  const { activity } = access;
  const form = await editContext(ctx, access);
  // The form lists every staff member and champion by name: an audited read.
  await recordAudit(ctx.db, ctx.audit, {
    action: 'activity.edit-form-viewed',
    subjectType: 'activity',
    subjectId: activity.id,
    organisationId: activity.organisation_id,
  });
  return form;
}

/**
 * Saves an activity's details. Once it is past an idea it must stay a complete proposal. The
 * rota of future sessions follows the roles needed, and the directory entry follows the rest.
 */
export async function saveActivity(ctx: ServiceContext, activityId: string, input: ActivityInput): Promise<string> {
  const access = await editableActivity(ctx, activityId);
  const { activity, scope } = access;
  const { options } = await editContext(ctx, access);
  const choices = checkChoices(input, options);
  const { places } = choices;
  // Past an idea, "Save changes" must leave a complete proposal.
  const errors = { ...(activity.status === 'idea' ? {} : proposalGaps(input)), ...choices.errors };
  if (Object.keys(errors).length > 0) {
    throw new ValidationError(errors);
  }
  const userId = ctx.actor?.userId ?? null;
  await withTransaction(ctx.db, async (tx) => {
    await lockActivity(tx, scope, activity.id);
    const row = await updateActivity(tx, scope, activity.id, input);
    await replaceLinks(tx, scope, row, { hostIds: input.hostIds, leadChampionIds: input.leadChampionIds, places });
    await refreshFutureRotaPlaces(tx, activity.id);
    await recordAudit(tx, ctx.audit, {
      action: 'activity.updated',
      subjectType: 'activity',
      subjectId: activity.id,
      organisationId: activity.organisation_id,
    });
    if (row.status === 'idea' && input.intent === 'proposal') {
      await transitionActivity(tx, ctx, row, 'proposed');
    }
    await syncActivityListing(tx, activity.id, { userId });
  });
  return activity.id;
}

/**
 * Moves an activity on from its page (submit, approve, publish, pause, resume, close). The
 * person must be allowed the move (403 otherwise); a move the lifecycle refuses (409) or one
 * with something missing, like a schedule before publishing (400), comes back as errors.
 */
export async function moveActivity(ctx: ServiceContext, activityId: string, form: StatusForm): Promise<ActivityStatus> {
  const access = await activityAccess(ctx, activityId);
  if (!mayMove(access, form.to)) {
    throw new ForbiddenError();
  }
  try {
    await withTransaction(ctx.db, async (tx) => {
      const row = await lockActivity(tx, access.scope, access.activity.id);
      await transitionActivity(tx, ctx, row, form.to, form.note);
    });
  } catch (error) {
    // The lifecycle's refusals name no field: the page shows them beside its actions.
    if (error instanceof ConflictError) {
      throw new ConflictError(error.message, { actions: error.message });
    }
    if (error instanceof ValidationError) {
      throw new ValidationError({ actions: error.message }, error.message);
    }
    throw error;
  }
  return form.to;
}
