import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { scopeFor } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, contextFrom } from '../../../platform/context.ts';
import { ForbiddenError, ValidationError } from '../../../lib/errors.ts';
import { explainActivityListing } from '../activity-listings/activity-listings.pages.ts';
import { proposeChange, serviceVisibleTo } from '../proposals/proposals.service.ts';
import { EMPTY_DETAILS } from './service-edit.schemas.ts';
import { detailsToValues } from './service-form.presenter.ts';
import { createService, currentDetails, currentVersion, editService, loadForEdit } from './service-edit.service.ts';
import { type FormPage, showServiceForm, submitServiceForm } from './service-form.pages.ts';

type ServiceParams = { Params: { serviceId: string }; Querystring: { task?: string } };

const blank = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

async function editableOrganisations(ctx: ServiceContext): Promise<{ id: string; name: string }[]> {
  const scope = await scopeFor(ctx.db, actorOf(ctx), 'directory:edit');
  const actor = actorOf(ctx);
  return actor.memberships
    .filter((membership) => scope.organisationIds.includes(membership.organisationId))
    .map((membership) => ({ id: membership.organisationId, name: membership.organisationName }));
}

/** Staff add and edit entries; anyone signed in who can see an entry may suggest a change. */
export async function serviceEditPages(app: FastifyInstance): Promise<void> {
  const newPage = (ownerChoices: { id: string; name: string }[]): FormPage => ({
    heading: 'Add a service',
    action: '/directory/services/new',
    submitText: 'Add to the directory',
    backHref: '/directory',
    askVerification: true,
    ownerChoices,
  });

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
    return submitServiceForm(ctx.db, reply, {
      body: request.body,
      page: () => newPage(owners),
      submit: async (form) => {
        const owner = owners.find((choice) => choice.id === form.extras.owner);
        if (!owner) {
          throw new ValidationError({ owner: 'Select the organisation that keeps this entry' });
        }
        return `/directory/services/${await createService(ctx, owner.id, form.details, { verifiedBy: form.extras.verifiedBy })}?done=created`;
      },
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
    return showServiceForm(
      ctx.db,
      reply,
      editPage(service.id, service.name, version, blank(request.query.task)),
      values,
    );
  });

  app.post<ServiceParams>(
    '/directory/services/:serviceId/edit',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { service, version } = await loadForEdit(ctx, request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
      if (refused) {
        return refused;
      }
      return submitServiceForm(ctx.db, reply, {
        body: request.body,
        page: async ({ values }, conflict) => ({
          ...editPage(
            service.id,
            service.name,
            conflict ? ((await currentVersion(ctx, service.id)) ?? version) : String(values.version ?? version),
            blank(single(values.task)),
          ),
          conflict,
        }),
        submit: async ({ details, extras }) => {
          const result = await editService(ctx, service.id, details, {
            version: extras.version,
            verifiedBy: extras.verifiedBy,
            taskId: extras.task,
          });
          return `/directory/services/${service.id}?done=${result.changed.length > 0 ? 'edited' : extras.verifiedBy || extras.task ? 'verified' : 'unchanged'}`;
        },
      });
    },
  );

  const proposePage = (serviceId: string, name: string, taskId?: string): FormPage => ({
    heading: `Suggest a change to ${name}`,
    intro:
      'Change the details that are wrong. Someone who keeps the directory will check your suggestion before it is published.',
    action: `/directory/services/${serviceId}/propose`,
    submitText: 'Send for review',
    backHref: `/directory/services/${serviceId}`,
    askComment: true,
    taskId,
  });

  app.get<ServiceParams>(
    '/directory/services/:serviceId/propose',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const service = await serviceVisibleTo(ctx, request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
      if (refused) {
        return refused;
      }
      const details = await currentDetails(ctx.db, service.id);
      return showServiceForm(
        ctx.db,
        reply,
        proposePage(service.id, service.name, blank(request.query.task)),
        detailsToValues(details),
      );
    },
  );

  app.post<ServiceParams>(
    '/directory/services/:serviceId/propose',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const service = await serviceVisibleTo(ctx, request.params.serviceId);
      const refused = await explainActivityListing(ctx, reply, service, `/directory/services/${service.id}`);
      if (refused) {
        return refused;
      }
      return submitServiceForm(ctx.db, reply, {
        body: request.body,
        page: ({ values }) => proposePage(service.id, service.name, blank(single(values.task))),
        submit: async ({ details, extras }) => {
          await proposeChange(ctx, service, details, {
            source: 'member',
            comment: extras.comment,
            taskId: extras.task,
          });
          return extras.task ? '/directory/tasks?done=proposed' : `/directory/services/${service.id}?done=proposed`;
        },
      });
    },
  );
}
