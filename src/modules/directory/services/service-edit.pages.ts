import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { scopeFor } from '../../../platform/auth/policy.ts';
import { type ServiceContext, contextFrom, actorOf } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { AppError, ConflictError, ForbiddenError, type FieldErrors, ValidationError } from '../../../lib/errors.ts';
import { explainActivityListing } from '../activity-listings/activity-listings.pages.ts';
import { DAYS } from '../search/directory-search.schemas.ts';
import { serviceVisibleTo, proposeChange } from '../proposals/proposals.service.ts';
import { EMPTY_DETAILS, SESSION_WEEKS, type ServiceDetails, STATUS_LABELS, detailsToValues, readServiceForm, sessionRowsFor } from './service-edit.schemas.ts';
import { createService, currentDetails, editService, listNeeds, loadForEdit } from './service-edit.service.ts';
import { serviceVersion } from './service-edit.repo.ts';

type ServiceParams = { Params: { serviceId: string }; Querystring: { task?: string } };

const blank = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The form fields around the service's own: version, check, task, comment and the proposer. */
export const FormExtras = z.object({
  version: z.preprocess(single, z.string().max(40).optional()),
  verifiedBy: z.preprocess((value) => blank(single(value)), z.enum(['phone', 'email', 'visit'], { error: 'Select how you checked the details' }).optional()),
  task: z.preprocess((value) => blank(single(value)), z.string().max(40).optional()),
  owner: z.preprocess((value) => blank(single(value)), z.string().max(40).optional()),
  comment: z.preprocess((value) => blank(single(value)) ?? '', z.string().max(2000, 'Comment must be 2,000 characters or fewer')),
  proposerName: z.preprocess((value) => blank(single(value)) ?? '', z.string().max(120, 'Name must be 120 characters or fewer')),
  proposerEmail: z.preprocess(
    (value) => blank(single(value)) ?? '',
    z.string().max(254, 'Email address must be 254 characters or fewer').refine((value) => value === '' || z.email().safeParse(value).success, 'Enter an email address in the correct format, like name@example.com'),
  ),
});
/** The extra fields, read. */
export type FormExtras = z.infer<typeof FormExtras>;

/** Reads the service fields and the extras together: both sets of errors are shown at once. */
export function readFullForm(body: unknown): { ok: true; details: ServiceDetails; extras: FormExtras } | { ok: false; errors: FieldErrors; values: Record<string, unknown> } {
  const form = readServiceForm(body);
  const extras = FormExtras.safeParse(body && typeof body === 'object' ? body : {});
  if (form.ok && extras.success) {
    return { ok: true, details: form.data, extras: extras.data };
  }
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  for (const issue of extras.success ? [] : extras.error.issues) {
    errors[String(issue.path[0])] ??= issue.message;
  }
  const values = form.ok ? { ...(body as Record<string, unknown>) } : form.values;
  delete values._csrf;
  return { ok: false, errors, values };
}

/** What a service form page shows around the fields. */
export interface FormPage {
  heading: string;
  caption?: string;
  intro?: string;
  action: string;
  submitText: string;
  backHref?: string;
  version?: string;
  taskId?: string;
  askVerification?: boolean;
  askComment?: boolean;
  commentLabel?: string;
  askContact?: boolean;
  ownerChoices?: { id: string; name: string }[];
  secondaryForm?: { heading: string; text: string; action: string; button: string };
  conflict?: string;
}

/** Renders the shared service form with values (flat) and errors, at `status`. */
export async function showServiceForm(db: Executor, reply: FastifyReply, page: FormPage, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200): Promise<FastifyReply> {
  const needs = await listNeeds(db);
  const shown = { ...values, needs: ([] as unknown[]).concat(values.needs ?? []) };
  return reply.view(
    'directory/services/views/service-form.njk',
    {
      ...page,
      values: shown,
      errors,
      needs,
      days: DAYS,
      weeks: SESSION_WEEKS,
      sessionRows: typeof values.sessionRows === 'number' ? values.sessionRows : sessionRowsFor(values),
      statusItems: Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text })),
    },
    status,
  );
}

/** Runs a save; a refusal about the input comes back as the form again (never a 500). */
export async function saveOrShowAgain(
  reply: FastifyReply,
  again: (errors: FieldErrors, status: number, conflict?: string) => Promise<FastifyReply>,
  save: () => Promise<string>,
): Promise<FastifyReply> {
  try {
    return reply.redirect(await save(), 303);
  } catch (error) {
    if (error instanceof ValidationError) {
      return again(error.errors, 400);
    }
    if (error instanceof ConflictError) {
      return again({}, 409, error.message);
    }
    if (error instanceof AppError && error.status < 500 && ![401, 403, 404].includes(error.status)) {
      return again({ name: error.message }, error.status);
    }
    throw error;
  }
}

async function editableOrganisations(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  const scope = await scopeFor(ctx.db, actorOf(ctx), 'directory:edit');
  const actor = actorOf(ctx);
  return actor.memberships.filter((membership) => scope.organisationIds.includes(membership.organisationId)).map((membership) => ({ id: membership.organisationId, name: membership.organisationName }));
}

/** Staff add and edit entries; anyone signed in who can see an entry may suggest a change. */
export async function serviceEditPages(app: FastifyInstance): Promise<void> {
  const newPage = (ownerChoices: { id: string; name: string }[]): FormPage => ({ heading: 'Add a service', action: '/directory/services/new', submitText: 'Add to the directory', backHref: '/directory', askVerification: true, ownerChoices });

  app.get('/directory/services/new', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const owners = await editableOrganisations(ctx);
    if (owners.length === 0) {
      throw new ForbiddenError();
    }
    const owner = owners.find((choice) => choice.id === ctx.actor?.activeOrganisationId)?.id ?? owners[0]?.id;
    return showServiceForm(ctx.db, reply, newPage(owners), { ...detailsToValues(EMPTY_DETAILS, 3), owner });
  });

  app.post('/directory/services/new', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const owners = await editableOrganisations(ctx);
    if (owners.length === 0) {
      throw new ForbiddenError();
    }
    const form = readFullForm(request.body);
    if (!form.ok) {
      return showServiceForm(ctx.db, reply, newPage(owners), form.values, form.errors, 400);
    }
    const values = request.body as Record<string, unknown>;
    const owner = owners.find((choice) => choice.id === form.extras.owner);
    if (!owner) {
      return showServiceForm(ctx.db, reply, newPage(owners), values, { owner: 'Select the organisation that keeps this entry' }, 400);
    }
    return saveOrShowAgain(reply, (errors, status) => showServiceForm(ctx.db, reply, newPage(owners), values, errors, status), async () => {
      const id = await createService(ctx, owner.id, form.details, { verifiedBy: form.extras.verifiedBy });
      return `/directory/services/${id}?done=created`;
    });
  });

  const editPage = (serviceId: string, name: string, version: string, taskId?: string): FormPage => ({
    heading: `Edit ${name}`,
    action: `/directory/services/${serviceId}/edit`,
    submitText: 'Save changes',
    backHref: `/directory/services/${serviceId}`,
    askVerification: !taskId,
    version,
    taskId,
  });

  app.get<ServiceParams>('/directory/services/:serviceId/edit', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { service, details, version } = await loadForEdit(ctx, request.params.serviceId);
    const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
    if (refused) {
      return refused;
    }
    const values = detailsToValues(details);
    return showServiceForm(ctx.db, reply, editPage(service.id, service.name, version, blank(request.query.task)), values);
  });

  app.post<ServiceParams>('/directory/services/:serviceId/edit', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { service, version } = await loadForEdit(ctx, request.params.serviceId);
    const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
    if (refused) {
      return refused;
    }
    const form = readFullForm(request.body);
    const values = form.ok ? (request.body as Record<string, unknown>) : form.values;
    const again = async (errors: FieldErrors, status: number, conflict?: string) =>
      showServiceForm(ctx.db, reply, { ...editPage(service.id, service.name, conflict ? ((await serviceVersion(ctx.db, service.id)) ?? version) : String(values.version ?? version), blank(single(values.task))), conflict }, values, errors, status);
    if (!form.ok) {
      return again(form.errors, 400);
    }
    return saveOrShowAgain(reply, again, async () => {
      const result = await editService(ctx, service.id, form.details, { version: form.extras.version, verifiedBy: form.extras.verifiedBy, taskId: form.extras.task });
      return `/directory/services/${service.id}?done=${result.changed.length > 0 ? 'edited' : form.extras.verifiedBy || form.extras.task ? 'verified' : 'unchanged'}`;
    });
  });

  const proposePage = (serviceId: string, name: string, taskId?: string): FormPage => ({
    heading: `Suggest a change to ${name}`,
    intro: 'Change the details that are wrong. Someone who keeps the directory will check your suggestion before it is published.',
    action: `/directory/services/${serviceId}/propose`,
    submitText: 'Send for review',
    backHref: `/directory/services/${serviceId}`,
    askComment: true,
    taskId,
  });

  app.get<ServiceParams>('/directory/services/:serviceId/propose', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const service = await serviceVisibleTo(ctx, request.params.serviceId);
    const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
    if (refused) {
      return refused;
    }
    const details = await currentDetails(ctx.db, service.id);
    return showServiceForm(ctx.db, reply, proposePage(service.id, service.name, blank(request.query.task)), detailsToValues(details));
  });

  app.post<ServiceParams>('/directory/services/:serviceId/propose', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const service = await serviceVisibleTo(ctx, request.params.serviceId);
    const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
    if (refused) {
      return refused;
    }
    const form = readFullForm(request.body);
    const values = form.ok ? (request.body as Record<string, unknown>) : form.values;
    const again = (errors: FieldErrors, status: number) => showServiceForm(ctx.db, reply, proposePage(service.id, service.name, blank(single(values.task))), values, errors, status);
    if (!form.ok) {
      return again(form.errors, 400);
    }
    return saveOrShowAgain(reply, again, async () => {
      await proposeChange(ctx, service, form.details, { source: 'member', comment: form.extras.comment, taskId: form.extras.task });
      return form.extras.task ? '/directory/tasks?done=proposed' : `/directory/services/${service.id}?done=proposed`;
    });
  });
}
