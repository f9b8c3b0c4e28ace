import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import {
  actionsView,
  assessmentView,
  historyRows,
  listRows,
  statusTag,
  subPageLinks,
  summaryRows,
} from './activities.presenter.ts';
import { formChoices, orderErrors, valuesFromActivity } from './activity-form.presenter.ts';
import { withDateField } from '../../../lib/dates.ts';
import { ActivityForm, ListQuery, STATUSES, StatusForm } from './activities.schemas.ts';
import type { FormOptions } from './activity-links.service.ts';
import {
  type OrganisationSummary,
  activitiesList,
  activityPage,
  editForm,
  moveActivity,
  proposalForm,
  proposeActivity,
  saveActivity,
} from './activities.service.ts';
import { STATUS_LABELS } from './lifecycle.rules.ts';

type OrgParams = { Params: { organisationId: string } };
type ActivityParams = { Params: { activityId: string } };
type Extra = { flash?: string; errors?: FieldErrors; values?: Record<string, unknown> };

/** Flash notices after Post/Redirect/Get, by the `done` query value. */
const NOTICES: Record<string, string> = {
  idea: 'Saved as an idea. Add the details and submit it as a proposal when you are ready.',
  proposed: 'Proposal submitted. A coordinator will risk-assess it.',
  saved: 'Changes saved.',
  'risk-assessed': 'Risk assessment recorded.',
  approved: 'Activity approved. Add a schedule of sessions, then publish it.',
  active: 'Activity published.',
  paused: 'Activity paused.',
  closed: 'Activity closed.',
};

const NEW_VALUES = { cost: 'free', public: 'yes' };

function showForm(
  reply: FastifyReply,
  form: {
    organisation: OrganisationSummary;
    options: FormOptions;
    heading: string;
    action: string;
    backLink: string;
    showIntent: boolean;
    idea?: unknown;
  },
  extra: Extra,
  status = 200,
) {
  const values = extra.values ?? {};
  const hostHint =
    form.organisation.kind === 'network'
      ? 'Practices of the network where it also happens'
      : 'Other practices in your network where it also happens';
  return reply.view(
    'activities/lifecycle/views/activity-form.njk',
    { ...form, hostHint, values, errors: orderErrors(extra.errors), choices: formChoices(form.options, values) },
    status,
  );
}

async function showActivity(
  ctx: ServiceContext,
  reply: FastifyReply,
  activityId: string,
  extra: Extra = {},
  status = 200,
) {
  const page = await activityPage(ctx, activityId);
  return reply.view(
    'activities/lifecycle/views/activity-show.njk',
    {
      activity: page.activity,
      organisation: page.organisation,
      statusTag: statusTag(page.activity.status),
      actions: actionsView(page.activity, page.abilities, page.hints, extra.errors),
      summary: summaryRows(page),
      assessment: assessmentView(page.latestAssessment, page.earlierAssessments),
      subPages: subPageLinks(page.activity.id),
      publicPath: page.publicPath,
      directoryPath: page.directoryPath,
      history: historyRows(page.history),
      flash: extra.flash,
      errors: extra.errors,
      values: extra.values ?? {},
    },
    status,
  );
}

/** The lifecycle: list, propose (from a meeting idea too), edit, approval, pause, resume and close. */
export async function activityPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: Record<string, unknown> }>(
    '/organisations/:organisationId/activities',
    { preHandler: requireUser },
    async (request, reply) => {
      const { status } = ListQuery.parse(request.query ?? {});
      const list = await activitiesList(contextFrom(request), request.params.organisationId, status);
      const rows = listRows(list.activities);
      return reply.view('activities/lifecycle/views/activities-list.njk', {
        organisation: list.organisation,
        rows,
        ideas: list.ideas,
        canPropose: list.can.propose,
        showOrganisation: rows.some((row) => row.organisationId !== list.organisation.id),
        statusItems: [
          { value: '', text: 'Any status', selected: !status },
          ...STATUSES.map((value) => ({ value, text: STATUS_LABELS[value], selected: value === status })),
        ],
        caption: status ? `${STATUS_LABELS[status]} activities` : 'All activities',
        emptyText: status
          ? `There are no ${STATUS_LABELS[status].toLowerCase()} activities.`
          : 'There are no activities yet.',
      });
    },
  );

  app.get<OrgParams & { Querystring: { idea?: string } }>(
    '/organisations/:organisationId/activities/new',
    { preHandler: requireUser },
    async (request, reply) => {
      const idea = typeof request.query.idea === 'string' ? request.query.idea : undefined;
      const form = await proposalForm(contextFrom(request), request.params.organisationId, idea);
      const values = form.idea
        ? {
            ...NEW_VALUES,
            name: (form.idea.text.split('\n')[0] ?? '').slice(0, 120),
            description: form.idea.text,
            meetingItemId: form.idea.id,
          }
        : NEW_VALUES;
      return showForm(reply, newFormFrame(form), { values });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/activities/new',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: ActivityForm,
        body: withDateField(request.body, 'reviewOn'),
        submit: async (data) => ({
          id: await proposeActivity(ctx, organisationId, data),
          done: data.intent === 'idea' ? 'idea' : 'proposed',
        }),
        redirect: ({ id, done }) => `/activities/${id}?done=${done}`,
        show: async (state, status) =>
          showForm(reply, newFormFrame(await proposalForm(ctx, organisationId)), state, status),
      });
    },
  );

  app.get<ActivityParams & { Querystring: { done?: string } }>(
    '/activities/:activityId',
    { preHandler: requireUser },
    async (request, reply) =>
      showActivity(contextFrom(request), reply, request.params.activityId, {
        flash: NOTICES[request.query.done ?? ''],
      }),
  );

  app.get<ActivityParams>('/activities/:activityId/edit', { preHandler: requireUser }, async (request, reply) => {
    const form = await editForm(contextFrom(request), request.params.activityId);
    return showForm(reply, editFormFrame(form), { values: valuesFromActivity(form.activity, form.links) });
  });

  app.post<ActivityParams>('/activities/:activityId/edit', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId } = request.params;
    return submitForm(reply, {
      schema: ActivityForm,
      body: withDateField(request.body, 'reviewOn'),
      submit: async (data) => ({
        id: await saveActivity(ctx, activityId, data),
        done: data.intent === 'proposal' ? 'proposed' : 'saved',
      }),
      redirect: ({ id, done }) => `/activities/${id}?done=${done}`,
      show: async (state, status) => showForm(reply, editFormFrame(await editForm(ctx, activityId)), state, status),
    });
  });

  app.post<ActivityParams>('/activities/:activityId/status', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { activityId } = request.params;
    return submitForm(reply, {
      schema: StatusForm,
      body: request.body,
      submit: (data) => moveActivity(ctx, activityId, data),
      redirect: (moved) => `/activities/${activityId}?done=${moved}`,
      show: (state, status) =>
        showActivity(
          ctx,
          reply,
          activityId,
          { errors: statusErrors(state.errors, state.values), values: state.values },
          status,
        ),
    });
  });
}

/** The new-activity form's heading, address and buttons. */
function newFormFrame(form: Awaited<ReturnType<typeof proposalForm>>) {
  const base = `/organisations/${form.organisation.id}/activities`;
  return { ...form, heading: 'Propose an activity', action: `${base}/new`, backLink: base, showIntent: true };
}

/** The edit form's heading, address and buttons (an idea can still be saved as an idea or submitted). */
function editFormFrame(form: Awaited<ReturnType<typeof editForm>>) {
  return {
    ...form,
    heading: `Edit ${form.activity.name}`,
    action: `/activities/${form.activity.id}/edit`,
    backLink: `/activities/${form.activity.id}`,
    showIntent: form.activity.status === 'idea',
  };
}

/** Errors of the status form, keyed to the field on the page that shows them (the service's already are). */
function statusErrors(errors: FieldErrors, values: Record<string, unknown>): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field === 'note' ? (values.to === 'paused' ? 'pause-note' : 'note') : 'actions';
    mapped[key] ??= message;
  }
  return mapped;
}
