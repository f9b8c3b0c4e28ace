import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireSystemAdmin } from '../../platform/auth/plugin.ts';
import { roleLabel } from '../../platform/auth/roles.ts';
import { type ServiceContext, contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { AppError, ConflictError, ValidationError } from '../../lib/errors.ts';
import { CreateOrganisationForm, KIND_LABELS, SUBTYPES, addProgrammePractice, createOrganisation, inviteMember, rolesOnOffer } from '../organisations/index.ts';
import { InviteMemberBody } from '../organisations/organisations.schemas.ts';
import { listAllOrganisations, listOutbox, listProgrammeChoices, readOutboxMessage } from './administration.service.ts';

const guard = { preHandler: requireSystemAdmin };
const ProgrammePracticeForm = z.object({ practiceId: z.string({ error: 'Select a practice' }).min(1, 'Select a practice') });

/** The roles on offer as radio items. */
function roleItems(roles: readonly string[]) {
  return roles.map((role) => ({ value: role, text: roleLabel(role) }));
}

function subtypeItems(selected?: string) {
  return Object.entries(SUBTYPES).flatMap(([kind, subtypes]) =>
    Object.entries(subtypes).map(([value, text]) => ({ value, text: `${KIND_LABELS[kind as keyof typeof KIND_LABELS]}: ${text}`, selected: value === selected })),
  );
}

/** The tenancy page: every organisation, and the practices each programme supports. */
async function showOrganisations(ctx: ServiceContext, reply: FastifyReply, extra: { flash?: string; refused?: { programmeId: string; practiceId: string; message: string }; status?: number }) {
  const organisations = await listAllOrganisations(ctx);
  const programmes = await listProgrammeChoices(ctx, organisations, extra.refused);
  const errors = extra.refused ? { [`practiceId-${extra.refused.programmeId}`]: extra.refused.message } : undefined;
  return reply.view('administration/views/organisations.njk', { organisations, programmes, flash: extra.flash, errors, columnClass: 'nhsuk-grid-column-full' }, extra.status ?? 200);
}

/** System administration: organisations (tenancy), first invitations, and the email outbox. */
export async function administrationPages(app: FastifyInstance): Promise<void> {
  app.get('/admin', guard, async (_request, reply) => reply.redirect('/admin/organisations', 303));

  app.get<{ Querystring: { done?: string } }>('/admin/organisations', guard, async (request, reply) => {
    const flash = { created: 'Organisation created.', invited: 'Invitation sent.', linked: 'Practice added to the programme.' }[request.query.done ?? ''];
    return showOrganisations(contextFrom(request), reply, { flash });
  });

  app.get('/admin/organisations/new', guard, async (request, reply) => {
    const organisations = await listAllOrganisations(contextFrom(request));
    return reply.view('administration/views/new-organisation.njk', { values: {}, subtypeItems: subtypeItems(), organisations });
  });

  app.post('/admin/organisations/new', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readForm(CreateOrganisationForm, request.body);
    const again = async (errors: Record<string, string>) =>
      reply.view(
        'administration/views/new-organisation.njk',
        { values: form.ok ? form.data : form.values, errors, subtypeItems: subtypeItems(String((form.ok ? form.data : form.values).subtype ?? '')), organisations: await listAllOrganisations(ctx) },
        400,
      );
    if (!form.ok) {
      return again(form.errors);
    }
    try {
      await createOrganisation(ctx, form.data);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(error.errors);
      }
      throw error;
    }
    return reply.redirect('/admin/organisations?done=created', 303);
  });

  app.get<{ Params: { organisationId: string } }>('/admin/organisations/:organisationId/invite', guard, async (request, reply) => {
    const { organisation, roles } = await rolesOnOffer(contextFrom(request), request.params.organisationId);
    return reply.view('administration/views/invite.njk', { organisation, roleItems: roleItems(roles), values: {} });
  });

  app.post<{ Params: { organisationId: string } }>('/admin/organisations/:organisationId/invite', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisation, roles } = await rolesOnOffer(ctx, request.params.organisationId);
    const form = readForm(InviteMemberBody, request.body);
    const again = (errors: Record<string, string>) => reply.view('administration/views/invite.njk', { organisation, roleItems: roleItems(roles), values: form.ok ? form.data : form.values, errors }, 400);
    if (!form.ok) {
      return again(form.errors);
    }
    try {
      await inviteMember(ctx, organisation.id, form.data);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(error.errors);
      }
      if (error instanceof AppError && error.status < 500) {
        return again({ email: error.message });
      }
      throw error;
    }
    return reply.redirect('/admin/organisations?done=invited', 303);
  });

  app.post<{ Params: { organisationId: string } }>('/admin/organisations/:organisationId/practices', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readForm(ProgrammePracticeForm, request.body);
    const practiceId = form.ok ? form.data.practiceId : String(form.values.practiceId ?? '');
    try {
      if (!form.ok) {
        throw new ValidationError(form.errors);
      }
      await addProgrammePractice(ctx, request.params.organisationId, practiceId);
    } catch (error) {
      // The refusal goes next to this programme's list, with the practice chosen kept.
      if (error instanceof ValidationError || error instanceof ConflictError) {
        const message = error instanceof ValidationError ? (Object.values(error.errors)[0] ?? error.message) : error.message;
        return showOrganisations(ctx, reply, { refused: { programmeId: request.params.organisationId, practiceId, message }, status: error.status });
      }
      throw error;
    }
    return reply.redirect('/admin/organisations?done=linked', 303);
  });

  app.get<{ Querystring: { page?: string } }>('/admin/outbox', guard, async (request, reply) => {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const outbox = await listOutbox(contextFrom(request), page);
    return reply.view('administration/views/outbox.njk', {
      ...outbox,
      columnClass: 'nhsuk-grid-column-full',
      previous: page > 1 ? { href: `/admin/outbox?page=${page - 1}` } : undefined,
      next: page < outbox.pages ? { href: `/admin/outbox?page=${page + 1}` } : undefined,
    });
  });

  app.get<{ Params: { messageId: string } }>('/admin/outbox/:messageId', guard, async (request, reply) => {
    const message = await readOutboxMessage(contextFrom(request), request.params.messageId);
    return reply.view('administration/views/outbox-message.njk', { message, backHref: '/admin/outbox' });
  });
}
