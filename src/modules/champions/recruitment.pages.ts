import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { readForm } from '../../platform/http/forms.ts';
import { hitRateLimit } from '../../platform/http/rate-limit.ts';
import { TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { createCampaign, listCampaigns, resolveCampaign, viewCampaign } from './campaigns.service.ts';
import { AVAILABILITY, CampaignForm, CHECK_LEVEL_LABELS, ChampionSearchQuery, CHANNELS, ChangeStageForm, HEARD_VIA, readInterestForm, INTERESTS, nextStage, STAGE_LABELS, STAGES } from './champions.schemas.ts';
import type { ChampionStage } from './champions.tables.ts';
import { pageLinks } from './champions.presenter.ts';
import { managedChampion } from './checks.service.ts';
import { applicantRecord, changeStage, pipeline, publicPractice, submitInterest } from './recruitment.service.ts';

type OrgParams = { Params: { organisationId: string } };
type ChampionParams = { Params: { organisationId: string; championId: string } };

/** Choices the public form and filters offer, as template data. */
export const CHOICES = { levels: CHECK_LEVEL_LABELS, interests: INTERESTS, availability: AVAILABILITY, heardVia: HEARD_VIA, channels: CHANNELS, stages: STAGE_LABELS, stageOrder: STAGES };

const NOTICES: Record<string, string> = {
  moved: 'Stage changed.',
  activated: 'They are now an active champion. We have emailed them an invitation to sign in.',
  'activated-linked': 'They are now an active champion.',
  check: 'Check decision recorded.',
  reference: 'Reference recorded.',
  training: 'Training recorded.',
  role: 'Role given.',
  signed: 'Signature recorded.',
  ticked: 'Induction item ticked.',
};

/** Public recruitment pages, the pipeline, each applicant's record, stage changes and campaigns. */
export async function recruitmentPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { odsCode: string }; Querystring: { campaign?: string } }>('/practices/:odsCode/become-a-champion', async (request, reply) => {
    const practice = await publicPractice(contextFrom(request), request.params.odsCode);
    const campaign = typeof request.query.campaign === 'string' && /^[a-z0-9-]{3,40}$/.test(request.query.campaign) ? request.query.campaign : '';
    return reply.view('champions/views/become-a-champion.njk', { practice, choices: CHOICES, values: { campaign, interests: [], availability: [] } });
  });

  app.post<{ Params: { odsCode: string } }>('/practices/:odsCode/become-a-champion', async (request, reply) => {
    const ctx = contextFrom(request);
    const practice = await publicPractice(ctx, request.params.odsCode);
    if (await hitRateLimit(ctx.db, `champion-interest:${request.ip}`, 60, 3600)) {
      throw new TooManyRequestsError('Too many forms sent from this connection. Try again in an hour', 3600);
    }
    const form = readInterestForm(request.body);
    if (!form.ok) {
      const values = { ...form.values, interests: asList(form.values.interests), availability: asList(form.values.availability) };
      return reply.view('champions/views/become-a-champion.njk', { practice, choices: CHOICES, values, errors: form.errors }, 400);
    }
    await submitInterest(ctx, practice.ods_code, form.data);
    return reply.redirect(`/practices/${encodeURIComponent(practice.ods_code)}/become-a-champion/thank-you`, 303);
  });

  app.get<{ Params: { odsCode: string } }>('/practices/:odsCode/become-a-champion/thank-you', async (request, reply) => {
    const practice = await publicPractice(contextFrom(request), request.params.odsCode);
    return reply.view('champions/views/interest-received.njk', { practice });
  });

  app.get<{ Params: { campaignCode: string } }>('/join/:campaignCode', async (request, reply) => reply.redirect(await resolveCampaign(contextFrom(request), request.params.campaignCode), 302));

  app.get<OrgParams & { Querystring: Record<string, string> }>('/organisations/:organisationId/champions', { preHandler: requireUser }, async (request, reply) => {
    const query = ChampionSearchQuery.parse(request.query ?? {});
    const data = await pipeline(contextFrom(request), request.params.organisationId, query);
    const base = `/organisations/${data.organisation.id}/champions`;
    return reply.view('champions/views/pipeline.njk', { ...data, query, choices: CHOICES, pages: pageLinks(base, query, data.results.total), columnClass: 'nhsuk-grid-column-full' });
  });

  app.get<ChampionParams & { Querystring: { done?: string } }>('/organisations/:organisationId/champions/:championId', { preHandler: requireUser }, async (request, reply) => {
    const record = await applicantRecord(contextFrom(request), request.params.organisationId, request.params.championId);
    const next = nextStage(record.champion.stage);
    return reply.view('champions/views/record.njk', { ...record, next, choices: CHOICES, flash: NOTICES[request.query.done ?? ''], columnClass: 'nhsuk-grid-column-full' });
  });

  app.post<ChampionParams>('/organisations/:organisationId/champions/:championId/next-stage', { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId } = request.params;
    const ctx = contextFrom(request);
    const { champion } = await managedChampion(ctx, organisationId, championId);
    const next = nextStage(champion.stage);
    try {
      if (!next) {
        throw new ValidationError({ stage: 'There is no next stage: use “Change stage” instead' });
      }
      const { invited } = await changeStage(ctx, organisationId, championId, next, '');
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=${next === 'active' ? (invited ? 'activated' : 'activated-linked') : 'moved'}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const record = await applicantRecord(ctx, organisationId, championId);
        return reply.view('champions/views/record.njk', { ...record, next, choices: CHOICES, errors: error.errors, columnClass: 'nhsuk-grid-column-full' }, 400);
      }
      throw error;
    }
  });

  app.get<ChampionParams>('/organisations/:organisationId/champions/:championId/stage', { preHandler: requireUser }, async (request, reply) => {
    const record = await applicantRecord(contextFrom(request), request.params.organisationId, request.params.championId);
    return reply.view('champions/views/change-stage.njk', { ...record, choices: CHOICES, values: {} });
  });

  app.post<ChampionParams>('/organisations/:organisationId/champions/:championId/stage', { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId } = request.params;
    const ctx = contextFrom(request);
    const record = await applicantRecord(ctx, organisationId, championId);
    const form = readForm(ChangeStageForm, request.body);
    const again = (errors: Record<string, string>) => reply.view('champions/views/change-stage.njk', { ...record, choices: CHOICES, values: form.ok ? form.data : form.values, errors }, 400);
    if (!form.ok) {
      return again(form.errors);
    }
    try {
      const to = form.data.stage as ChampionStage;
      const { invited } = await changeStage(ctx, organisationId, championId, to, form.data.note);
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=${to === 'active' ? (invited ? 'activated' : 'activated-linked') : 'moved'}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(error.errors);
      }
      throw error;
    }
  });

  app.get<OrgParams>('/organisations/:organisationId/champions/campaigns', { preHandler: requireUser }, async (request, reply) => {
    const data = await listCampaigns(contextFrom(request), request.params.organisationId);
    return reply.view('champions/views/campaigns.njk', { ...data, choices: CHOICES, values: {}, columnClass: 'nhsuk-grid-column-full' });
  });

  app.post<OrgParams>('/organisations/:organisationId/champions/campaigns', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readForm(CampaignForm, request.body);
    if (!form.ok) {
      const data = await listCampaigns(ctx, request.params.organisationId);
      return reply.view('champions/views/campaigns.njk', { ...data, choices: CHOICES, values: form.values, errors: form.errors, columnClass: 'nhsuk-grid-column-full' }, 400);
    }
    const id = await createCampaign(ctx, request.params.organisationId, form.data);
    return reply.redirect(`/organisations/${request.params.organisationId}/champions/campaigns/${id}`, 303);
  });

  app.get<{ Params: { organisationId: string; campaignId: string } }>('/organisations/:organisationId/champions/campaigns/:campaignId', { preHandler: requireUser }, async (request, reply) => {
    const data = await viewCampaign(contextFrom(request), request.params.organisationId, request.params.campaignId);
    return reply.view('champions/views/campaign.njk', { ...data, choices: CHOICES });
  });
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}
