import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contextFrom } from '../../../platform/context.ts';
import { CATEGORIES, COSTS, WEEKDAYS, hasFilters, parseWhatsOnQuery } from './whats-on.schemas.ts';
import {
  WHATS_ON_KINDS,
  type WhatsOnKind,
  listWhatsOn,
  openWhatsOn,
  showWhatsOnActivity,
  whatsOnFeed,
} from './whats-on.service.ts';

type PlaceParams = { Params: { odsCode: string } };
type ActivityParams = { Params: { odsCode: string; activityId: string } };

/** Answers alike for everyone not signed in: kept rendered, ETag and 304 (platform/http/public-cache.ts). */
const PUBLIC = { config: { publicCache: true } };

/** The filter form's fixed choices. */
const CHOICES = {
  days: WEEKDAYS.map((day) => ({ value: day.value, label: day.label })),
  categories: CATEGORIES,
  costs: COSTS,
};

/** Sends a feed: public, readable from any web page, cached for 15 minutes. */
function sendCalendar(reply: FastifyReply, feed: { text: string; fileName: string }): FastifyReply {
  return reply
    .header('access-control-allow-origin', '*')
    .header('cross-origin-resource-policy', 'cross-origin')
    .header('cache-control', 'public, max-age=900')
    .header('content-disposition', `attachment; filename="${feed.fileName}"`)
    .type('text/calendar; charset=utf-8')
    .send(feed.text);
}

/** CORS preflight for a feed: only reading is offered. */
async function preflight(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const asked = request.headers['access-control-request-headers'];
  return reply
    .code(204)
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
    .header('access-control-allow-headers', typeof asked === 'string' && /^[\w\s,-]*$/.test(asked) ? asked : 'accept')
    .header('access-control-max-age', '86400')
    .send();
}

/** The public "what's on" per practice and network, and the iCalendar feeds. */
export async function whatsOnPages(app: FastifyInstance): Promise<void> {
  for (const kind of Object.keys(WHATS_ON_KINDS) as WhatsOnKind[]) {
    app.get<PlaceParams>(`/${kind}/:odsCode/whats-on`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const place = await openWhatsOn(ctx, kind, request.params.odsCode);
      const parsed = parseWhatsOnQuery(request.query);
      const context = { place, kind, choices: CHOICES, values: parsed.values, columnClass: 'nhsuk-grid-column-full' };
      if (!parsed.ok) {
        return reply.view('activities/whats-on/views/whats-on.njk', { ...context, errors: parsed.errors }, 400);
      }
      const activities = await listWhatsOn(ctx, place, parsed.filters, new Date());
      return reply.view('activities/whats-on/views/whats-on.njk', {
        ...context,
        activities,
        filtered: hasFilters(parsed.filters),
      });
    });

    app.get<PlaceParams>(`/${kind}/:odsCode/whats-on.ics`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const place = await openWhatsOn(ctx, kind, request.params.odsCode);
      return sendCalendar(reply, await whatsOnFeed(ctx, place, null, new Date()));
    });

    app.get<ActivityParams>(`/${kind}/:odsCode/whats-on/:activityId`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const place = await openWhatsOn(ctx, kind, request.params.odsCode);
      const activity = await showWhatsOnActivity(ctx, place, request.params.activityId, new Date());
      return reply.view('activities/whats-on/views/whats-on-activity.njk', { place, activity, backHref: place.base });
    });

    app.get<ActivityParams>(`/${kind}/:odsCode/whats-on/:activityId/calendar.ics`, PUBLIC, async (request, reply) => {
      const ctx = contextFrom(request);
      const place = await openWhatsOn(ctx, kind, request.params.odsCode);
      return sendCalendar(reply, await whatsOnFeed(ctx, place, request.params.activityId, new Date()));
    });

    app.options(`/${kind}/:odsCode/whats-on.ics`, preflight);
    app.options(`/${kind}/:odsCode/whats-on/:activityId/calendar.ics`, preflight);
  }
}
