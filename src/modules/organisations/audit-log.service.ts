import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { AuditQuery } from './organisations.schemas.ts';
import { scopeOfOne } from './organisations.service.ts';

/** Rows per page of the audit log. */
export const AUDIT_PAGE_SIZE = 50;

/**
 * Searches an organisation's audit trail (practice managers and network leads). Dates are
 * whole days in UK time. Looking at the trail is itself recorded.
 */
export async function searchAuditLog(ctx: ServiceContext, organisationId: string, query: AuditQuery) {
  const scope = await scopeOfOne(ctx, 'audit:view', organisationId);
  let base = ctx.db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .leftJoin('organisations', 'organisations.id', 'audit_events.organisation_id')
    .where((eb) =>
      eb.or([
        eb('audit_events.organisation_id', 'in', scope.organisationIds),
        // Sign-ins and password events belong to no organisation: show those of this one's members.
        eb.and([
          eb('audit_events.organisation_id', 'is', null),
          eb('audit_events.subject_type', '=', 'user'),
          eb('audit_events.subject_id', 'in', eb.selectFrom('memberships').select(sql<string>`user_id::text`.as('user_id')).where('organisation_id', 'in', scope.organisationIds)),
        ]),
      ]),
    );
  if (query.action) {
    base = base.where('audit_events.action', 'ilike', `%${query.action.replace(/[%_\\]/g, '\\$&')}%`);
  }
  if (query.actor) {
    base = base.where(sql<string>`lower(users.email)`, 'like', `%${query.actor.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`);
  }
  if (query.subject) {
    base = base.where('audit_events.subject_id', '=', query.subject);
  }
  if (query.from) {
    base = base.where('audit_events.at', '>=', sql<Date>`(${query.from}::date)::timestamp at time zone 'Europe/London'`);
  }
  if (query.to) {
    base = base.where('audit_events.at', '<', sql<Date>`(${query.to}::date + 1)::timestamp at time zone 'Europe/London'`);
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst())?.total ?? 0);
  const events = await base
    .select([
      'audit_events.id',
      'audit_events.at',
      'audit_events.actor_user_id as actorUserId',
      'users.email as actorEmail',
      'users.display_name as actorName',
      'audit_events.action',
      'audit_events.organisation_id as organisationId',
      'organisations.name as organisationName',
      'audit_events.subject_type as subjectType',
      'audit_events.subject_id as subjectId',
      'audit_events.request_id as requestId',
    ])
    .orderBy('audit_events.at', 'desc')
    .orderBy('audit_events.id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((query.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  await recordAudit(ctx.db, ctx.audit, { action: 'audit.viewed', subjectType: 'organisation', subjectId: organisationId, organisationId });
  return { events, total, page: query.page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}
