import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { formatDate } from '../../../platform/views/format.ts';
import { londonTime } from './incidents.service.ts';
import { RECORD_NOTICES } from './session-record.presenter.ts';
import { mySessions, organisationSessions, type SessionListItem, type SessionLists } from './sessions-today.service.ts';

type Done = { Querystring: { done?: string } };

const STATUS_TAGS = {
  scheduled: { text: 'Not recorded', classes: 'nhsuk-tag--grey' },
  delivered: { text: 'Recorded', classes: 'nhsuk-tag--green' },
  cancelled: { text: 'Cancelled', classes: 'nhsuk-tag--red' },
} as const;

/** One session as a list item: when, where, its status and the link to record it. */
function presentItem(item: SessionListItem) {
  return {
    id: item.id,
    activityName: item.activityName,
    organisationName: item.organisationName,
    date: formatDate(item.startsAt),
    time: `${londonTime(item.startsAt)} to ${londonTime(item.endsAt)}`,
    venue: item.venue,
    tag: STATUS_TAGS[item.status],
    headCount: item.headCount,
    incidentFlagged: item.incidentFlagged,
    recordable: item.status !== 'cancelled',
    linkText: item.status === 'delivered' ? 'Change record' : 'Record session',
  };
}

/** The three lists, ready for the page. */
function presentLists(lists: SessionLists) {
  return {
    today: lists.today.map(presentItem),
    toRecord: lists.toRecord.map(presentItem),
    recent: lists.recent.map(presentItem),
  };
}

/** "Today's sessions": the champion's own, and an organisation's for its coordinators and practice managers. */
export async function sessionsTodayPages(app: FastifyInstance): Promise<void> {
  app.get<Done>('/champion/sessions', { preHandler: requireUser }, async (request, reply) => {
    const ctx = contextFrom(request);
    const result = await mySessions(ctx);
    if ('redirectTo' in result) {
      return reply.redirect(result.redirectTo, 303);
    }
    return reply.view('activities/session-record/views/sessions-today.njk', {
      heading: 'Your sessions',
      caption: ctx.actor?.displayName,
      backHref: '/champion',
      lists: presentLists(result.lists),
      today: formatDate(`${result.today}T12:00:00Z`),
      userId: ctx.actor?.userId,
      flash: RECORD_NOTICES[request.query.done ?? ''],
    });
  });

  app.get<Done & { Params: { organisationId: string } }>(
    '/organisations/:organisationId/sessions',
    { preHandler: requireUser },
    async (request, reply) => {
      const ctx = contextFrom(request);
      const result = await organisationSessions(ctx, request.params.organisationId);
      return reply.view('activities/session-record/views/sessions-today.njk', {
        heading: 'Sessions',
        caption: result.organisationName,
        totalsHref: `/organisations/${request.params.organisationId}/activity-totals`,
        lists: presentLists(result.lists),
        today: formatDate(`${result.today}T12:00:00Z`),
        userId: ctx.actor?.userId,
        flash: RECORD_NOTICES[request.query.done ?? ''],
      });
    },
  );
}
