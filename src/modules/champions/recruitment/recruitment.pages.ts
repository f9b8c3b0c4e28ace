import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { hitRateLimit } from '../../../platform/http/rate-limit.repo.ts';
import { TooManyRequestsError, ValidationError } from '../../../lib/errors.ts';
import type { ChampionStage } from '../champions.tables.ts';
import { presentRecord } from '../record/record.presenter.ts';
import { presentCampaign, presentCampaignList } from './campaigns.presenter.ts';
import { applicantRecord } from '../record/record.service.ts';
import { asList, CHOICES, pageLinks, presentChampionHeading } from '../shared/champions.presenter.ts';
import {
  CampaignForm,
  ChampionSearchQuery,
  ChangeStageForm,
  championForm,
  formReader,
  NextStageForm,
  nextStage,
  readInterestForm,
} from '../shared/champions.schemas.ts';
import { managedChampion } from '../checks/checks.service.ts';
import { campaignOnForm, createCampaign, listCampaigns, resolveCampaign, viewCampaign } from './campaigns.service.ts';
import { changeStage, pipeline, publicPractice, submitInterest } from './recruitment.service.ts';
import { presentPractice } from './recruitment.presenter.ts';

type OrgParams = { Params: { organisationId: string } };
type ChampionParams = { Params: { organisationId: string; championId: string } };

/** Which notice follows a stage change: activation and the agreements stage may send an invitation. */
function doneAfter(to: ChampionStage, outcome: { invited: boolean; pending?: boolean }): string {
  if (to === 'active') {
    return outcome.invited ? 'activated' : outcome.pending ? 'activated-pending' : 'activated-linked';
  }
  return to === 'agreements' && outcome.invited ? 'agreements-invited' : 'moved';
}

/** Public recruitment pages, the pipeline, stage changes and campaigns. */
export async function recruitmentPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { odsCode: string }; Querystring: { campaign?: string } }>(
    '/practices/:odsCode/become-a-champion',
    { config: { publicCache: true } },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const practice = await publicPractice(ctx, request.params.odsCode);
      const code = typeof request.query.campaign === 'string' ? request.query.campaign : '';
      const campaign = code ? await campaignOnForm(ctx.db, practice.id, code) : undefined;
      // After its end date a campaign's link still opens the form, without the campaign.
      const ended = campaign?.ended ? campaign : undefined;
      return reply.view('champions/recruitment/views/become-a-champion.njk', {
        practice: presentPractice(practice),
        choices: CHOICES,
        ended: ended && { name: ended.name, endsOn: ended.endsOn },
        values: { campaign: campaign && !campaign.ended ? code : '', interests: [], availability: [] },
      });
    },
  );

  app.post<{ Params: { odsCode: string } }>('/practices/:odsCode/become-a-champion', async (request, reply) => {
    const ctx = contextFrom(request);
    const practice = await publicPractice(ctx, request.params.odsCode);
    if (await hitRateLimit(ctx.db, `champion-interest:${request.ip}`, 60, 3600)) {
      throw new TooManyRequestsError('Too many forms sent from this connection. Try again in an hour', 3600);
    }
    return submitForm(reply, {
      schema: formReader(readInterestForm),
      body: request.body,
      submit: (data) => submitInterest(ctx, practice.ods_code, data),
      redirect: () => `/practices/${encodeURIComponent(practice.ods_code)}/become-a-champion/thank-you`,
      show: (state, status) => {
        // An ended (or unreadable) campaign: the form comes back without it, ready to send as it is.
        const values = state.errors.campaign ? { ...state.values, campaign: '' } : state.values;
        return reply.view(
          'champions/recruitment/views/become-a-champion.njk',
          {
            practice: presentPractice(practice),
            choices: CHOICES,
            values: { ...values, interests: asList(values.interests), availability: asList(values.availability) },
            errors: state.errors,
          },
          status,
        );
      },
    });
  });

  app.get<{ Params: { odsCode: string } }>(
    '/practices/:odsCode/become-a-champion/thank-you',
    { config: { publicCache: true } },
    async (request, reply) => {
      const practice = await publicPractice(contextFrom(request), request.params.odsCode);
      return reply.view('champions/recruitment/views/interest-received.njk', { practice: presentPractice(practice) });
    },
  );

  app.get<{ Params: { campaignCode: string } }>('/join/:campaignCode', async (request, reply) =>
    reply.redirect(await resolveCampaign(contextFrom(request), request.params.campaignCode), 302),
  );

  app.get<OrgParams & { Querystring: Record<string, string> }>(
    '/organisations/:organisationId/champions',
    { preHandler: requireUser },
    async (request, reply) => {
      const query = ChampionSearchQuery.parse(request.query ?? {});
      const data = await pipeline(contextFrom(request), request.params.organisationId, query);
      const base = `/organisations/${data.organisation.id}/champions`;
      return reply.view('champions/recruitment/views/pipeline.njk', {
        ...data,
        query,
        choices: CHOICES,
        pages: pageLinks(base, query, data.results.total),
        columnClass: 'nhsuk-grid-column-full',
      });
    },
  );

  app.post<ChampionParams>(
    '/organisations/:organisationId/champions/:championId/next-stage',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, championId } = request.params;
      const ctx = contextFrom(request);
      const { champion } = await managedChampion(ctx, organisationId, championId);
      const next = nextStage(champion.stage);
      return submitForm(reply, {
        // The button sends only the role offered; an unreadable one counts as none.
        schema: championForm(NextStageForm).catch({ offeredRole: '' }),
        body: request.body,
        submit: async ({ offeredRole }) => {
          if (!next) {
            throw new ValidationError({ stage: 'There is no next stage: use “Change stage” instead' });
          }
          return {
            to: next,
            outcome: await changeStage(ctx, organisationId, championId, next, '', offeredRole || null),
          };
        },
        redirect: ({ to, outcome }) =>
          `/organisations/${organisationId}/champions/${championId}?done=${doneAfter(to, outcome)}`,
        show: async (state, status) =>
          reply.view(
            'champions/record/views/record.njk',
            presentRecord(await applicantRecord(ctx, organisationId, championId), {
              values: { offeredRole: state.values.offeredRole },
              errors: state.errors,
            }),
            status,
          ),
      });
    },
  );

  app.get<ChampionParams>(
    '/organisations/:organisationId/champions/:championId/stage',
    { preHandler: requireUser },
    async (request, reply) => {
      const record = await applicantRecord(
        contextFrom(request),
        request.params.organisationId,
        request.params.championId,
      );
      return reply.view('champions/recruitment/views/change-stage.njk', {
        ...record,
        ...presentChampionHeading(record),
        choices: CHOICES,
        values: {},
      });
    },
  );

  app.post<ChampionParams>(
    '/organisations/:organisationId/champions/:championId/stage',
    { preHandler: requireUser },
    async (request, reply) => {
      const { organisationId, championId } = request.params;
      const ctx = contextFrom(request);
      const record = await applicantRecord(ctx, organisationId, championId);
      return submitForm(reply, {
        schema: championForm(ChangeStageForm),
        body: request.body,
        submit: async (data) => ({
          to: data.stage as ChampionStage,
          outcome: await changeStage(
            ctx,
            organisationId,
            championId,
            data.stage as ChampionStage,
            data.note,
            data.offeredRole || null,
          ),
        }),
        redirect: ({ to, outcome }) =>
          `/organisations/${organisationId}/champions/${championId}?done=${doneAfter(to, outcome)}`,
        show: (state, status) =>
          reply.view(
            'champions/recruitment/views/change-stage.njk',
            { ...record, ...presentChampionHeading(record), choices: CHOICES, ...state },
            status,
          ),
      });
    },
  );

  app.get<OrgParams>(
    '/organisations/:organisationId/champions/campaigns',
    { preHandler: requireUser },
    async (request, reply) => {
      const data = await listCampaigns(contextFrom(request), request.params.organisationId);
      return reply.view('champions/recruitment/views/campaigns.njk', {
        ...presentCampaignList(data),
        choices: CHOICES,
        values: {},
        columnClass: 'nhsuk-grid-column-full',
      });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/champions/campaigns',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: championForm(CampaignForm),
        body: request.body,
        submit: (data) => createCampaign(ctx, organisationId, data),
        redirect: (id) => `/organisations/${organisationId}/champions/campaigns/${id}`,
        show: async (state, status) =>
          reply.view(
            'champions/recruitment/views/campaigns.njk',
            {
              ...presentCampaignList(await listCampaigns(ctx, organisationId)),
              choices: CHOICES,
              ...state,
              columnClass: 'nhsuk-grid-column-full',
            },
            status,
          ),
      });
    },
  );

  app.get<{ Params: { organisationId: string; campaignId: string } }>(
    '/organisations/:organisationId/champions/campaigns/:campaignId',
    { preHandler: requireUser },
    async (request, reply) => {
      const data = await viewCampaign(contextFrom(request), request.params.organisationId, request.params.campaignId);
      return reply.view('champions/recruitment/views/campaign.njk', { ...presentCampaign(data), choices: CHOICES });
    },
  );
}
