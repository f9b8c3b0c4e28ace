import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { ValidationError } from '../../lib/errors.ts';
import { AGREEMENT_KINDS, AgreementVersionForm, listAgreementTemplates, myAgreements, publishAgreementVersion, signMyself } from './agreements.service.ts';
import { CHECK_LEVEL_LABELS } from './champions.schemas.ts';
import { DirectoryResearchForm, RoleTemplateForm } from './checks.schemas.ts';
import { addInductionItem, InductionItemForm, listInductionItems, removeInductionItem } from './induction.service.ts';
import { createRoleTemplate, listRoleTemplates, setDirectoryResearch } from './roles.service.ts';

type OrgParams = { Params: { organisationId: string } };

/** A practice's champion set-up: role templates, agreement versions, the induction checklist; and a champion's own agreements. */
export async function settingsPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/champions/roles', { preHandler: requireUser }, async (request, reply) => {
    const data = await listRoleTemplates(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/roles.njk', { ...data, levels: CHECK_LEVEL_LABELS, values: {}, flash: request.query.done === 'research' ? 'Role updated.' : request.query.done ? 'Role added.' : undefined, columnClass: 'nhsuk-grid-column-full' });
  });

  app.post<OrgParams>('/organisations/:organisationId/champions/roles', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    const form = readForm(RoleTemplateForm, request.body);
    const again = async (values: Record<string, unknown>, errors: Record<string, string>) =>
      reply.view('champions/views/roles.njk', { ...(await listRoleTemplates(ctx, organisationId)), levels: CHECK_LEVEL_LABELS, values, errors, columnClass: 'nhsuk-grid-column-full' }, 400);
    if (!form.ok) {
      return again(form.values, form.errors);
    }
    try {
      await createRoleTemplate(ctx, organisationId, form.data);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(form.data, error.errors);
      }
      throw error;
    }
    return reply.redirect(`/organisations/${organisationId}/champions/roles?done=added`, 303);
  });

  app.post<{ Params: { organisationId: string; roleTemplateId: string } }>('/organisations/:organisationId/champions/roles/:roleTemplateId/directory-research', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId, roleTemplateId } = request.params;
    const form = readForm(DirectoryResearchForm, request.body);
    if (!form.ok) {
      return reply.view('champions/views/roles.njk', { ...(await listRoleTemplates(ctx, organisationId)), levels: CHECK_LEVEL_LABELS, values: {}, errors: form.errors, columnClass: 'nhsuk-grid-column-full' }, 400);
    }
    await setDirectoryResearch(ctx, organisationId, roleTemplateId, form.data.grants === 'yes');
    return reply.redirect(`/organisations/${organisationId}/champions/roles?done=research`, 303);
  });

  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/champions/agreements', { preHandler: requireUser }, async (request, reply) => {
    const data = await listAgreementTemplates(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/agreements.njk', { ...data, kinds: AGREEMENT_KINDS, values: {}, flash: request.query.done ? 'New version published. Champions will be asked to sign it.' : undefined });
  });

  app.post<OrgParams>('/organisations/:organisationId/champions/agreements', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    const form = readForm(AgreementVersionForm, request.body);
    if (!form.ok) {
      return reply.view('champions/views/agreements.njk', { ...(await listAgreementTemplates(ctx, organisationId)), kinds: AGREEMENT_KINDS, values: form.values, errors: form.errors }, 400);
    }
    await publishAgreementVersion(ctx, organisationId, form.data);
    return reply.redirect(`/organisations/${organisationId}/champions/agreements?done=published`, 303);
  });

  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/champions/induction', { preHandler: requireUser }, async (request, reply) => {
    const data = await listInductionItems(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/induction.njk', { ...data, values: {}, flash: request.query.done === 'added' ? 'Item added.' : request.query.done === 'removed' ? 'Item removed.' : undefined });
  });

  app.post<OrgParams>('/organisations/:organisationId/champions/induction', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const { organisationId } = request.params;
    const form = readForm(InductionItemForm, request.body);
    const again = async (values: Record<string, unknown>, errors: Record<string, string>) =>
      reply.view('champions/views/induction.njk', { ...(await listInductionItems(ctx, organisationId)), values, errors }, 400);
    if (!form.ok) {
      return again(form.values, form.errors);
    }
    try {
      await addInductionItem(ctx, organisationId, form.data.label);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(form.data, error.errors);
      }
      throw error;
    }
    return reply.redirect(`/organisations/${organisationId}/champions/induction?done=added`, 303);
  });

  app.post<OrgParams & { Params: { itemId: string } }>('/organisations/:organisationId/champions/induction/:itemId/remove', { preHandler: requireUser }, async (request, reply) => {
    await removeInductionItem(contextFrom(request), request.params.organisationId, request.params.itemId);
    return reply.redirect(`/organisations/${request.params.organisationId}/champions/induction?done=removed`, 303);
  });

  app.get<OrgParams & { Querystring: { done?: string } }>('/organisations/:organisationId/my-agreements', { preHandler: requireUser }, async (request, reply) => {
    const data = await myAgreements(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/my-agreements.njk', { ...data, flash: request.query.done ? 'Thank you. Your signature has been recorded.' : undefined });
  });

  app.post<OrgParams & { Params: { templateId: string } }>('/organisations/:organisationId/my-agreements/:templateId', { preHandler: requireUser }, async (request, reply) => {
    await signMyself(contextFrom(request), request.params.organisationId, request.params.templateId);
    return reply.redirect(`/organisations/${request.params.organisationId}/my-agreements?done=signed`, 303);
  });
}
