import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { championForm } from '../shared/champions.schemas.ts';
import { PauseForm } from '../exit/exit.schemas.ts';
import { myPause, pauseMyself } from '../exit/exit.service.ts';
import { asList, CHOICES } from '../shared/champions.presenter.ts';
import { presentDashboard } from './self-service.presenter.ts';
import { myDashboard, myProfile, ProfileForm, updateMyProfile } from './self-service.service.ts';
import { britishDate, withDateField } from '../../../lib/dates.ts';

const NOTICES: Record<string, string> = {
  profile: 'Your details have been saved.',
  hours: 'Your hours have been logged. Thank you.',
  claim: 'Your expense claim has been sent to your coordinator.',
  paused: 'You are paused. Thank you for letting us know; we look forward to having you back.',
};

/** The champion's own pages: home with totals and milestones, and their profile. */
export async function selfServicePages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/champion', { preHandler: requireUser }, async (request, reply) => {
    const data = await myDashboard(contextFrom(request));
    return reply.view('champions/self-service/views/self-service-home.njk', {
      ...presentDashboard(data),
      flash: NOTICES[request.query.done ?? ''],
    });
  });

  app.get('/champion/pause', { preHandler: requireUser }, async (request, reply) => {
    const { champion, returnOn } = await myPause(contextFrom(request));
    return reply.view('champions/self-service/views/self-service-pause.njk', {
      champion,
      returnOn: britishDate(returnOn),
      values: {},
    });
  });

  app.post('/champion/pause', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: championForm(PauseForm),
      body: withDateField(request.body, 'returnOn'),
      submit: (data) => pauseMyself(ctx, data.returnOn),
      redirect: () => '/champion?done=paused',
      show: async (state, status) => {
        const { champion, returnOn } = await myPause(ctx);
        return reply.view(
          'champions/self-service/views/self-service-pause.njk',
          { champion, returnOn: britishDate(returnOn), ...state },
          status,
        );
      },
    });
  });

  app.get('/champion/profile', { preHandler: requireUser }, async (request, reply) => {
    const { champion, values } = await myProfile(contextFrom(request));
    return reply.view('champions/self-service/views/self-service-profile.njk', { champion, values, choices: CHOICES });
  });

  app.post('/champion/profile', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: championForm(ProfileForm),
      body: request.body,
      submit: (data) => updateMyProfile(ctx, data),
      redirect: () => '/champion?done=profile',
      show: async (state, status) => {
        const { champion } = await myProfile(ctx);
        const values = {
          ...state.values,
          interests: asList(state.values.interests),
          availability: asList(state.values.availability),
        };
        return reply.view(
          'champions/self-service/views/self-service-profile.njk',
          { champion, values, errors: state.errors, choices: CHOICES },
          status,
        );
      },
    });
  });
}
