import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { hitRateLimit } from '../../platform/http/rate-limit.ts';
import { TooManyRequestsError, ValidationError } from '../../lib/errors.ts';
import { AVAILABILITY_DAYS, DAY_PARTS, DAYS, describeAvailability } from './availability.ts';
import { campaignOnForm, createCampaign, listCampaigns, resolveCampaign, viewCampaign } from './campaigns.service.ts';
import { CampaignForm, CHECK_LEVEL_LABELS, ChampionSearchQuery, CHANNELS, ChangeStageForm, HEARD_VIA, INTERESTS, NextStageForm, nextStage, readChampionForm, readInterestForm, STAGE_LABELS, STAGES } from './champions.schemas.ts';
import type { ChampionStage } from './champions.tables.ts';
import { pageLinks } from './champions.presenter.ts';
import { managedChampion } from './checks.service.ts';
import { applicantRecord, changeStage, pipeline, publicPractice, submitInterest } from './recruitment.service.ts';

type OrgParams = { Params: { organisationId: string } };
type ChampionParams = { Params: { organisationId: string; championId: string } };

/** Choices the public form and filters offer, as template data (describeAvailability words a list of slots). */
export const CHOICES = { levels: CHECK_LEVEL_LABELS, interests: INTERESTS, availabilityDays: AVAILABILITY_DAYS, days: DAYS, dayParts: DAY_PARTS, describeAvailability, heardVia: HEARD_VIA, channels: CHANNELS, stages: STAGE_LABELS, stageOrder: STAGES };

const NOTICES: Record<string, string> = {
  moved: 'Stage changed.',
  'agreements-invited': 'Stage changed. We have emailed them an invitation to sign in, so they can read and sign their agreements themselves.',
  activated: 'They are now an active champion. We have emailed them an invitation to sign in.',
  'activated-linked': 'They are now an active champion.',
  'activated-pending': 'They are now an active champion. They have not yet accepted the invitation to sign in that we emailed them.',
  paused: 'They are paused.',
  check: 'Check decision recorded.',
  reference: 'Reference recorded.',
  training: 'Training recorded.',
  role: 'Role given.',
  signed: 'Signature recorded.',
  ticked: 'Induction item ticked.',
};

/** Which notice follows a stage change: activation and the agreements stage may send an invitation. */
function doneAfter(to: ChampionStage, outcome: { invited: boolean; pending?: boolean }): string {
  if (to === 'active') {
    return outcome.invited ? 'activated' : outcome.pending ? 'activated-pending' : 'activated-linked';
  }
  return to === 'agreements' && outcome.invited ? 'agreements-invited' : 'moved';
}

/** Public recruitment pages, the pipeline, each applicant's record, stage changes and campaigns. */
export async function recruitmentPages(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { odsCode: string }; Querystring: { campaign?: string } }>('/practices/:odsCode/become-a-champion', async (request, reply) => {
    const ctx = contextFrom(request);
    const practice = await publicPractice(ctx, request.params.odsCode);
    const code = typeof request.query.campaign === 'string' ? request.query.campaign : '';
    const campaign = code ? await campaignOnForm(ctx.db, practice.id, code) : undefined;
    // After its end date a campaign's link still opens the form, without the campaign.
    const ended = campaign?.ended ? campaign : undefined;
    return reply.view('champions/views/become-a-champion.njk', { practice, choices: CHOICES, ended, values: { campaign: campaign && !campaign.ended ? code : '', interests: [], availability: [] } });
  });

  app.post<{ Params: { odsCode: string } }>('/practices/:odsCode/become-a-champion', async (request, reply) => {
    const ctx = contextFrom(request);
    const practice = await publicPractice(ctx, request.params.odsCode);
    if (await hitRateLimit(ctx.db, `champion-interest:${request.ip}`, 60, 3600)) {
      throw new TooManyRequestsError('Too many forms sent from this connection. Try again in an hour', 3600);
    }
    const form = readInterestForm(request.body);
    const again = (values: Record<string, unknown>, errors: Record<string, string>) =>
      reply.view('champions/views/become-a-champion.njk', { practice, choices: CHOICES, values: { ...values, interests: asList(values.interests), availability: asList(values.availability) }, errors }, 400);
    if (!form.ok) {
      return again(form.values, form.errors);
    }
    try {
      await submitInterest(ctx, practice.ods_code, form.data);
    } catch (error) {
      if (error instanceof ValidationError) {
        // An ended campaign: the form comes back without it, ready to send as it is.
        return again({ ...(request.body as Record<string, unknown>), campaign: '' }, error.errors);
      }
      throw error;
    }
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
    const form = readChampionForm(NextStageForm, request.body);
    const offeredRole = form.ok ? form.data.offeredRole : '';
    try {
      if (!next) {
        throw new ValidationError({ stage: 'There is no next stage: use “Change stage” instead' });
      }
      const outcome = await changeStage(ctx, organisationId, championId, next, '', offeredRole || null);
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=${doneAfter(next, outcome)}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        const record = await applicantRecord(ctx, organisationId, championId);
        return reply.view('champions/views/record.njk', { ...record, next, choices: CHOICES, values: { offeredRole }, errors: error.errors, columnClass: 'nhsuk-grid-column-full' }, 400);
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
    const form = readChampionForm(ChangeStageForm, request.body);
    const again = (errors: Record<string, string>) => reply.view('champions/views/change-stage.njk', { ...record, choices: CHOICES, values: form.ok ? form.data : form.values, errors }, 400);
    if (!form.ok) {
      return again(form.errors);
    }
    try {
      const to = form.data.stage as ChampionStage;
      const outcome = await changeStage(ctx, organisationId, championId, to, form.data.note, form.data.offeredRole || null);
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=${doneAfter(to, outcome)}`, 303);
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
    const form = readChampionForm(CampaignForm, request.body);
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
