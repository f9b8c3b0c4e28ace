import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { readChampionForm } from './champions.schemas.ts';
import { ValidationError } from '../../lib/errors.ts';
import { PauseForm } from './exit.schemas.ts';
import { myPause, pauseMyself } from './exit.service.ts';
import { withDateField } from './hours.schemas.ts';
import { britishDate, formatMinutes, formatPounds } from './exports.format.ts';
import { MEETING_KIND_LABELS } from './meetings.schemas.ts';
import { CHOICES } from './recruitment.pages.ts';
import { myDashboard, myProfile, ProfileForm, updateMyProfile } from './self-service.service.ts';

const NOTICES: Record<string, string> = {
  profile: 'Your details have been saved.',
  hours: 'Your hours have been logged. Thank you.',
  claim: 'Your expense claim has been sent to your coordinator.',
  paused: 'You are paused. Thank you for letting us know; we look forward to having you back.',
};

/** The champion's own pages: home with totals and milestones, and their profile. */
export async function selfServicePages(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { done?: string } }>('/champion', { preHandler: requireUser }, async (request, reply) => {
    const { champion, totals, milestones, meetings, actions, toSign } = await myDashboard(contextFrom(request));
    return reply.view('champions/views/self-service-home.njk', {
      champion,
      toSign: toSign.map((agreement) => ({ text: `Please read and sign the ${agreement.isNewVersion ? 'new ' : ''}${agreement.title.toLowerCase()}`, href: `/organisations/${champion.organisationId}/my-agreements` })),
      actions: actions.map((action) => ({ ...action, due: britishDate(action.due_on) })),
      meetings: meetings.map((meeting) => ({ ...meeting, date: britishDate(meeting.held_on), kindLabel: MEETING_KIND_LABELS[meeting.kind] })),
      flash: NOTICES[request.query.done ?? ''],
      loggedHours: formatMinutes(totals.loggedMinutes),
      verifiedHours: formatMinutes(totals.verifiedMinutes),
      claimed: formatPounds(totals.claimedPence),
      approved: formatPounds(totals.approvedPence),
      milestones: { reached: milestones.reached, next: milestones.next, toNext: formatMinutes(milestones.minutesToNext) },
    });
  });

  app.get('/champion/pause', { preHandler: requireUser }, async (request, reply) => {
    const { champion, returnOn } = await myPause(contextFrom(request));
    return reply.view('champions/views/self-service-pause.njk', { champion, returnOn: britishDate(returnOn), values: {} });
  });

  app.post('/champion/pause', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readChampionForm(PauseForm, withDateField(request.body, 'returnOn'));
    const again = async (errors: Record<string, string>) => {
      const { champion, returnOn } = await myPause(ctx);
      return reply.view('champions/views/self-service-pause.njk', { champion, returnOn: britishDate(returnOn), values: form.ok ? (request.body as Record<string, unknown>) : form.values, errors }, 400);
    };
    if (!form.ok) {
      return again(form.errors);
    }
    try {
      await pauseMyself(ctx, form.data.returnOn);
    } catch (error) {
      if (error instanceof ValidationError) {
        return again(error.errors);
      }
      throw error;
    }
    return reply.redirect('/champion?done=paused', 303);
  });

  app.get('/champion/profile', { preHandler: requireUser }, async (request, reply) => {
    const { champion, values } = await myProfile(contextFrom(request));
    return reply.view('champions/views/self-service-profile.njk', { champion, values, choices: CHOICES });
  });

  app.post('/champion/profile', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const form = readChampionForm(ProfileForm, request.body);
    if (!form.ok) {
      const { champion } = await myProfile(ctx);
      const values = { ...form.values, interests: asList(form.values.interests), availability: asList(form.values.availability) };
      return reply.view('champions/views/self-service-profile.njk', { champion, values, errors: form.errors, choices: CHOICES }, 400);
    }
    await updateMyProfile(ctx, form.data);
    return reply.redirect('/champion?done=profile', 303);
  });
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}
