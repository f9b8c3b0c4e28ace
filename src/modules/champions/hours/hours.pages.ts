import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { championForm } from '../shared/champions.schemas.ts';
import { formatMinutes } from '../shared/format.presenter.ts';
import {
  AD_HOC_CATEGORIES,
  HOURS_CATEGORY_LABELS,
  LogHoursForm,
  SessionHoursForm,
  VerifyHoursForm,
} from './hours.schemas.ts';
import {
  hoursForCoordinator,
  type LoggableSession,
  logMyHours,
  logMySessionHours,
  myHours,
  mySessionsToLog,
  SESSION_LOG_DAYS,
  sessionName,
  verifyHours,
} from './hours.service.ts';
import { myChampion } from '../self-service/self-service.service.ts';
import { britishDate, withDateField } from '../../../lib/dates.ts';

type OrgParams = { Params: { organisationId: string } };
const categoryItems = AD_HOC_CATEGORIES.map((value) => ({ value, text: HOURS_CATEGORY_LABELS[value] }));
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** A session as a choice on the form: its name and day, with its times and length as the hint. */
function sessionChoice(session: LoggableSession, chosen: unknown) {
  const time = (at: Date) => clock.format(at).replace(':00', '').replace(/\s/g, '');
  const minutes = Math.round((session.ends_at.getTime() - session.starts_at.getTime()) / 60_000);
  return {
    value: session.id,
    text: sessionName(session),
    hint: { text: `${time(session.starts_at)} to ${time(session.ends_at)} (${formatMinutes(minutes)})` },
    checked: chosen === session.id,
  };
}

async function showSessionForm(
  ctx: ServiceContext,
  reply: FastifyReply,
  { values, errors }: Partial<FormState> & { values: Record<string, unknown> },
  status = 200,
) {
  const { champion, sessions } = await mySessionsToLog(ctx);
  return reply.view(
    'champions/hours/views/hours-session.njk',
    {
      champion,
      sessionItems: sessions.map((session) => sessionChoice(session, values.sessionId)),
      weeks: SESSION_LOG_DAYS / 7,
      values,
      errors,
    },
    status,
  );
}

/** Logging hours (champion) and verifying them in bulk (coordinator). */
export async function hoursPages(app: FastifyInstance): Promise<void> {
  app.get('/champion/hours', { preHandler: requireUser }, async (request, reply) => {
    const { champion, rows, loggedMinutes, verifiedMinutes } = await myHours(contextFrom(request));
    const entries = rows.map((row) => ({
      ...row,
      date: britishDate(row.worked_on),
      time: formatMinutes(row.minutes),
      category: HOURS_CATEGORY_LABELS[row.category],
    }));
    return reply.view('champions/hours/views/hours-mine.njk', {
      champion,
      entries,
      logged: formatMinutes(loggedMinutes),
      verified: formatMinutes(verifiedMinutes),
    });
  });

  app.get('/champion/hours/new', { preHandler: requireUser }, async (request, reply) => {
    const champion = await myChampion(contextFrom(request));
    return reply.view('champions/hours/views/hours-new.njk', { champion, categoryItems, values: {} });
  });

  app.post('/champion/hours/new', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const champion = await myChampion(ctx);
    return submitForm(reply, {
      schema: championForm(LogHoursForm),
      body: withDateField(request.body, 'workedOn'),
      submit: (data) => logMyHours(ctx, data),
      redirect: () => '/champion?done=hours',
      show: (state, status) =>
        reply.view('champions/hours/views/hours-new.njk', { champion, categoryItems, ...state }, status),
    });
  });

  app.get('/champion/hours/session', { preHandler: requireUser }, async (request, reply) =>
    showSessionForm(contextFrom(request), reply, { values: {} }),
  );

  app.post('/champion/hours/session', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    return submitForm(reply, {
      schema: championForm(SessionHoursForm),
      body: request.body,
      submit: (data) => logMySessionHours(ctx, data),
      redirect: () => '/champion?done=hours',
      show: (state, status) => showSessionForm(ctx, reply, state, status),
    });
  });

  app.get<OrgParams & { Querystring: { done?: string } }>(
    '/organisations/:organisationId/champion-hours',
    { preHandler: requireUser },
    async (request, reply) => {
      const view = await hoursForCoordinator(contextFrom(request), request.params.organisationId);
      const flash = request.query.done ? `${Number(request.query.done) || 0} entries verified.` : undefined;
      return reply.view('champions/hours/views/hours-verify.njk', { ...presentCoordinatorHours(view), flash });
    },
  );

  app.post<OrgParams>(
    '/organisations/:organisationId/champion-hours/verify',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const { organisationId } = request.params;
      return submitForm(reply, {
        schema: championForm(VerifyHoursForm),
        body: request.body,
        submit: (data) => verifyHours(ctx, organisationId, data.hoursIds),
        redirect: (count) => `/organisations/${organisationId}/champion-hours?done=${count}`,
        show: async (state, status) =>
          reply.view(
            'champions/hours/views/hours-verify.njk',
            { ...presentCoordinatorHours(await hoursForCoordinator(ctx, organisationId)), errors: state.errors },
            status,
          ),
      });
    },
  );
}

/** The coordinator's hours page, formatted. */
function presentCoordinatorHours(view: Awaited<ReturnType<typeof hoursForCoordinator>>) {
  return {
    organisation: view.organisation,
    waiting: view.waiting.map((row) => ({
      id: row.id,
      name: row.display_name,
      date: britishDate(row.worked_on),
      time: formatMinutes(row.minutes),
      category: HOURS_CATEGORY_LABELS[row.category],
      description: row.description,
    })),
    perChampion: view.perChampion.map((champion) => ({
      id: champion.id,
      name: champion.name,
      stage: champion.stage,
      logged: formatMinutes(champion.totals?.loggedMinutes ?? 0),
      verified: formatMinutes(champion.totals?.verifiedMinutes ?? 0),
    })),
  };
}
