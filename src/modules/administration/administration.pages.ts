import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireSystemAdmin } from '../../platform/auth/plugin.ts';
import { roleLabel } from '../../platform/auth/roles.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { CreateOrganisationForm, KIND_LABELS, SUBTYPES, addProgrammePractice, createOrganisation, inviteMember } from '../organisations/index.ts';
import { InviteMemberBody } from '../organisations/organisations.schemas.ts';
import { listAllOrganisations, listOutbox, listProgrammeLinks, readOutboxMessage } from './administration.service.ts';
import { invitableRoles } from '../../platform/auth/roles.ts';

const guard = { preHandler: requireSystemAdmin };
const ProgrammePracticeForm = z.object({ practiceId: z.string().min(1, 'Select a practice') });

function subtypeItems(selected?: string) {
  return Object.entries(SUBTYPES).flatMap(([kind, subtypes]) =>
    Object.entries(subtypes).map(([value, text]) => ({ value, text: `${KIND_LABELS[kind as keyof typeof KIND_LABELS]}: ${text}`, selected: value === selected })),
  );
}

/** System administration: organisations (tenancy), first invitations, and the email outbox. */
export async function administrationPages(app: FastifyInstance): Promise<void> {
  app.get('/admin', guard, async (_request, reply) => reply.redirect('/admin/organisations', 303));

  app.get<{ Querystring: { done?: string } }>('/admin/organisations', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const organisations = await listAllOrganisations(ctx);
    const links = await listProgrammeLinks(ctx);
    const practices = organisations.filter((organisation) => organisation.kind === 'practice');
    const programmes = organisations
      .filter((organisation) => organisation.kind === 'programme')
      .map((programme) => ({ ...programme, candidates: practices.filter((practice) => !links.includes(`${programme.id}:${practice.id}`)).map((practice) => ({ value: practice.id, text: practice.name })) }));
    const flash = { created: 'Organisation created.', invited: 'Invitation sent.', linked: 'Practice added to the programme.' }[request.query.done ?? ''];
    return reply.view('administration/views/organisations.njk', { organisations, programmes, flash, columnClass: 'nhsuk-grid-column-full' });
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
    const organisation = (await listAllOrganisations(contextFrom(request))).find((row) => row.id === request.params.organisationId);
    if (!organisation) {
      throw new NotFoundError();
    }
    return reply.view('administration/views/invite.njk', { organisation, roleItems: invitableRoles(['practice_manager', 'network_lead'], organisation.kind).map((role) => ({ value: role, text: roleLabel(role) })), values: {} });
  });

  app.post<{ Params: { organisationId: string } }>('/admin/organisations/:organisationId/invite', guard, async (request, reply) => {
    const ctx = contextFrom(request);
    const organisation = (await listAllOrganisations(ctx)).find((row) => row.id === request.params.organisationId);
    if (!organisation) {
      throw new NotFoundError();
    }
    const form = readForm(InviteMemberBody, request.body);
    const roleItems = invitableRoles(['practice_manager', 'network_lead'], organisation.kind).map((role) => ({ value: role, text: roleLabel(role) }));
    const again = (errors: Record<string, string>) => reply.view('administration/views/invite.njk', { organisation, roleItems, values: form.ok ? form.data : form.values, errors }, 400);
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
    const form = ProgrammePracticeForm.safeParse(request.body);
    if (!form.success || !isUuid(form.data.practiceId) || !isUuid(request.params.organisationId)) {
      throw new ValidationError({ practiceId: 'Select a practice' });
    }
    await addProgrammePractice(contextFrom(request), request.params.organisationId, form.data.practiceId);
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
