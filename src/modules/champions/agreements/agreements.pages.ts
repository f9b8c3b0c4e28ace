import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { championForm } from '../shared/champions.schemas.ts';
import {
  AGREEMENT_KINDS,
  AgreementVersionForm,
  agreementToSign,
  listAgreementTemplates,
  myAgreements,
  publishAgreementVersion,
  signMyself,
  signOnBehalf,
  SignOnBehalfForm,
} from './agreements.service.ts';
import { presentAgreementToSign, presentAgreementVersions, presentMyAgreements } from './agreements.presenter.ts';

type OrgParams = { Params: { organisationId: string } };
type SignParams = { Params: { organisationId: string; championId: string; templateId: string } };

/** Agreement versions (coordinators), signing on a champion's behalf, and a champion's own agreements. */
export async function agreementPages(app: FastifyInstance): Promise<void> {
  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/champions/agreements',
    { preHandler: requireUser },
    async (request, reply) => {
      const data = await listAgreementTemplates(contextFrom(request), request.params.organisationId);
      return reply.view('champions/agreements/views/agreements.njk', {
        ...presentAgreementVersions(data),
        kinds: AGREEMENT_KINDS,
        values: {},
        flash: request.query.done ? 'New version published. Champions will be asked to sign it.' : undefined,
      });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/champions/agreements',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: AgreementVersionForm,
        body: request.body,
        submit: (data) => publishAgreementVersion(ctx, organisationId, data),
        redirect: () => `/organisations/${organisationId}/champions/agreements?done=published`,
        show: async (state, status) =>
          reply.view(
            'champions/agreements/views/agreements.njk',
            {
              ...presentAgreementVersions(await listAgreementTemplates(ctx, organisationId)),
              kinds: AGREEMENT_KINDS,
              ...state,
            },
            status,
          ),
      });
    },
  );

  app.get<SignParams>(
    '/organisations/:organisationId/champions/:championId/agreements/:templateId',
    { preHandler: requireUser },
    async (request, reply) => {
      const data = await agreementToSign(
        contextFrom(request),
        request.params.organisationId,
        request.params.championId,
        request.params.templateId,
      );
      return reply.view('champions/agreements/views/sign-agreement.njk', {
        ...presentAgreementToSign(data),
        values: {},
      });
    },
  );

  app.post<SignParams>(
    '/organisations/:organisationId/champions/:championId/agreements/:templateId',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, championId, templateId } = request.params;
      const ctx = contextFrom(request);
      const data = await agreementToSign(ctx, organisationId, championId, templateId);
      return submitForm(reply, {
        schema: championForm(SignOnBehalfForm),
        body: request.body,
        submit: (form) => signOnBehalf(ctx, organisationId, championId, templateId, form.note),
        redirect: () => `/organisations/${organisationId}/champions/${championId}?done=signed`,
        show: (state, status) =>
          reply.view(
            'champions/agreements/views/sign-agreement.njk',
            { ...presentAgreementToSign(data), ...state },
            status,
          ),
      });
    },
  );

  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/my-agreements',
    { preHandler: requireUser },
    async (request, reply) => {
      const data = await myAgreements(contextFrom(request), request.params.organisationId);
      return reply.view('champions/agreements/views/my-agreements.njk', {
        ...presentMyAgreements(data),
        flash: request.query.done ? 'Thank you. Your signature has been recorded.' : undefined,
      });
    },
  );

  app.post<OrgParams & { Params: { templateId: string } }>(
    '/organisations/:organisationId/my-agreements/:templateId',
    { preHandler: requireUser },
    async (request, reply) => {
      await signMyself(contextFrom(request), request.params.organisationId, request.params.templateId);
      return reply.redirect(`/organisations/${request.params.organisationId}/my-agreements?done=signed`, 303);
    },
  );
}
