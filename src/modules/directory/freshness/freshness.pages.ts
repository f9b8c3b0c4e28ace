import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { type ServiceContext, contextFrom, actorOf } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { conflictMessage } from '../shared/directory.presenter.ts';
import {
  claimTask,
  confirmTask,
  freshnessDashboard,
  listTasks,
  releaseTask,
  startTaskChanges,
  viewTask,
} from './freshness.service.ts';
import { loadServiceView } from '../services/service-view.service.ts';

type TaskParams = { Params: { taskId: string } };

const NOTICES: Record<string, string> = {
  verified: 'Thank you. The entry is marked as checked.',
  proposed: 'Thank you. Your changes have been sent for review and the task is done.',
  edited: 'Thank you. The entry is updated and marked as checked.',
  released: 'The task is back in the list for someone else.',
};

const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** Finishing a check: how it was done, and whether anything has changed. */
const CompleteTaskForm = z.object({
  method: z.preprocess(single, z.enum(['phone', 'email', 'visit'], { error: 'Select how you checked the details' })),
  outcome: z.preprocess(
    single,
    z.enum(['confirmed', 'changed'], { error: 'Select whether the details are still correct' }),
  ),
});

/** The claim and hand-back buttons send nothing but the CSRF token. */
const NoFields = z.object({});

/** A refusal because the task has moved on is shown as the task page's banner. */
function taskErrors(state: FormState, status: number): FieldErrors {
  return status === 409 ? { claim: conflictMessage(state.errors) } : state.errors;
}

/** Finishes a check: confirmed now, or on to edit or suggest the changes; returns where to go. */
async function completeTask(
  ctx: ServiceContext,
  taskId: string,
  form: z.infer<typeof CompleteTaskForm>,
): Promise<string> {
  if (form.outcome === 'confirmed') {
    await confirmTask(ctx, taskId, form.method);
    return '/directory/tasks?done=verified';
  }
  const { task, canEdit } = await startTaskChanges(ctx, taskId, form.method);
  return `/directory/services/${task.serviceId}/${canEdit ? 'edit' : 'propose'}?task=${task.id}`;
}

const organisationFilter = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

async function showTask(
  ctx: ServiceContext,
  reply: FastifyReply,
  taskId: string,
  values: Record<string, unknown> = {},
  errors: FieldErrors = {},
  status = 200,
): Promise<FastifyReply> {
  const task = await viewTask(ctx, taskId);
  const view = await loadServiceView(ctx.db, task.serviceId, ctx.clock.now());
  const mine = task.status === 'claimed' && task.claimedBy === actorOf(ctx).userId;
  return reply.view(
    'directory/freshness/views/task.njk',
    { task, view, mine, values, errors, backHref: '/directory/tasks' },
    status,
  );
}

/** Verification tasks (champions on their phones) and the freshness dashboard. */
export async function freshnessPages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { organisation?: string; done?: string } }>(
    '/directory/tasks',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const tasks = await listTasks(ctx, organisationFilter(request.query.organisation));
      return reply.view('directory/freshness/views/tasks.njk', {
        ...tasks,
        flash: NOTICES[request.query.done ?? ''],
        backHref: '/directory',
      });
    },
  );

  app.get<TaskParams>('/directory/tasks/:taskId', { preHandler: requireUser }, async (request, reply) =>
    showTask(contextFrom(request), reply, request.params.taskId),
  );

  app.post<TaskParams>('/directory/tasks/:taskId/claim', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: NoFields,
      body: request.body,
      submit: () => claimTask(ctx, request.params.taskId),
      redirect: () => `/directory/tasks/${request.params.taskId}`,
      show: (state, status) => showTask(ctx, reply, request.params.taskId, {}, taskErrors(state, status), status),
    });
  });

  app.post<TaskParams>('/directory/tasks/:taskId/release', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: NoFields,
      body: request.body,
      submit: () => releaseTask(ctx, request.params.taskId),
      redirect: () => '/directory/tasks?done=released',
      show: (state, status) => showTask(ctx, reply, request.params.taskId, {}, taskErrors(state, status), status),
    });
  });

  app.post<TaskParams>('/directory/tasks/:taskId', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: CompleteTaskForm,
      body: request.body,
      submit: (form) => completeTask(ctx, request.params.taskId, form),
      redirect: (next) => next,
      show: (state, status) =>
        showTask(
          ctx,
          reply,
          request.params.taskId,
          { method: single(state.values.method), outcome: single(state.values.outcome) },
          taskErrors(state, status),
          status,
        ),
    });
  });

  app.get<{ Querystring: { organisation?: string } }>(
    '/directory/freshness',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const dashboard = await freshnessDashboard(ctx, organisationFilter(request.query.organisation));
      const withShare = <T extends { total: number; fresh: number }>(row: T) => ({
        ...row,
        share: row.total === 0 ? '' : `${Math.round((100 * row.fresh) / row.total)}%`,
      });
      return reply.view('directory/freshness/views/freshness.njk', {
        practices: dashboard.practices.map(withShare),
        networks: dashboard.networks.map(withShare),
        others: dashboard.others.map(withShare),
        backHref: '/directory',
        columnClass: 'nhsuk-grid-column-full',
      });
    },
  );
}
