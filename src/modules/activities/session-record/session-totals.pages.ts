import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { readForm } from '../../../platform/http/forms.ts';
import { formatDate, formatNumber } from '../../../platform/views/format.ts';
import { formatMinutes } from '../../champions/index.ts';
import { ROUTE_LABELS, REFERRAL_ROUTES } from './session-record.schemas.ts';
import {
  activityTotals,
  organisationTotals,
  TotalsPeriod,
  type ActivityTotals,
  type Totals,
} from './session-totals.service.ts';

type Query = { Querystring: Record<string, string> };
const TEMPLATE = 'activities/session-record/views/session-totals.njk';

/** A number cell, right-aligned as the design system's numeric tables are. */
function numberCell(value: number, total: string, activityId: string) {
  return {
    html: `<span data-total="${total}" data-activity="${activityId}">${formatNumber(value)}</span>`,
    format: 'numeric',
  };
}

/** The table rows of totals: one per activity, then the overall row. */
function presentRows(rows: readonly ActivityTotals[], overall: Totals, withOrganisation: boolean) {
  const line = (id: string, label: string, totals: Totals, organisation: string) => {
    const minutes = {
      html: `<span data-total="champion-minutes" data-activity="${id}" data-minutes="${totals.championMinutes}">${formatMinutes(totals.championMinutes)}</span>`,
      format: 'numeric',
    };
    return {
      main: [
        { text: label },
        ...(withOrganisation ? [{ text: organisation }] : []),
        numberCell(totals.sessions, 'sessions', id),
        numberCell(totals.attendances, 'attendances', id),
        numberCell(totals.newAttendees, 'new-attendees', id),
        numberCell(totals.peopleSupported, 'people-supported', id),
        minutes,
        numberCell(totals.incidents, 'incidents', id),
      ],
      routes: [
        { text: label },
        ...REFERRAL_ROUTES.map((route) => numberCell(totals.referred[route], `referred-${route}`, id)),
      ],
    };
  };
  const lines = [
    ...rows.map((row) => line(row.activityId, row.name, row, row.organisationName)),
    line('all', 'All activities', overall, ''),
  ];
  return { main: lines.map((entry) => entry.main), routes: lines.map((entry) => entry.routes) };
}

/** The table headings for the totals page. */
function headings(withOrganisation: boolean) {
  return {
    main: [
      { text: 'Activity' },
      ...(withOrganisation ? [{ text: 'Run by' }] : []),
      { text: 'Sessions delivered', format: 'numeric' },
      { text: 'Attendances', format: 'numeric' },
      { text: 'New attendees', format: 'numeric' },
      { text: 'People supported', format: 'numeric' },
      { text: 'Champion hours', format: 'numeric' },
      { text: 'Incidents flagged', format: 'numeric' },
    ],
    routes: [
      { text: 'Activity' },
      ...REFERRAL_ROUTES.map((route) => ({ text: ROUTE_LABELS[route], format: 'numeric' })),
    ],
  };
}

/** Session totals for one activity and for an organisation (counts only, no names). */
export async function sessionTotalsPages(app: FastifyInstance): Promise<void> {
  app.get<Query & { Params: { activityId: string } }>(
    '/activities/:activityId/totals',
    { preHandler: requireUser },
    async (request, reply) => {
      const form = readForm(TotalsPeriod, request.query);
      const result = await activityTotals(
        contextFrom(request),
        request.params.activityId,
        form.ok ? form.data : { from: '', to: '' },
      );
      const context = {
        title: `Session totals – ${result.activity.name}`,
        caption: result.activity.name,
        action: `/activities/${result.activity.id}/totals`,
        values: form.ok ? result.period : form.values,
        errors: form.ok ? undefined : form.errors,
      };
      if (!form.ok) {
        return reply.view(TEMPLATE, context, 400);
      }
      return reply.view(TEMPLATE, {
        ...context,
        period: `${formatDate(result.period.from)} to ${formatDate(result.period.to)}`,
        head: headings(false),
        rows: presentRows(result.rows, result.overall, false),
        hasRows: result.rows.length > 0,
      });
    },
  );

  app.get<Query & { Params: { organisationId: string } }>(
    '/organisations/:organisationId/activity-totals',
    { preHandler: requireUser },
    async (request, reply) => {
      const form = readForm(TotalsPeriod, request.query);
      const result = await organisationTotals(
        contextFrom(request),
        request.params.organisationId,
        form.ok ? form.data : { from: '', to: '' },
      );
      const context = {
        title: `Session totals – ${result.organisation.name}`,
        caption: result.organisation.name,
        action: `/organisations/${result.organisation.id}/activity-totals`,
        values: form.ok ? result.period : form.values,
        errors: form.ok ? undefined : form.errors,
      };
      if (!form.ok) {
        return reply.view(TEMPLATE, context, 400);
      }
      const rows = presentRows(result.rows, result.overall, result.manyOrganisations);
      return reply.view(TEMPLATE, {
        ...context,
        period: `${formatDate(result.period.from)} to ${formatDate(result.period.to)}`,
        head: headings(result.manyOrganisations),
        rows,
        hasRows: result.rows.length > 0,
      });
    },
  );
}
