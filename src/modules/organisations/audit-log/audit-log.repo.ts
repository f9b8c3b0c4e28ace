import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { AuditQuery } from '../shared/organisations.schemas.ts';

/** Escapes LIKE wildcards so a search finds them as typed. */
function literal(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/**
 * One page of the audit trail of the scope's organisations, newest first, with the total that
 * match. Dates are whole days in UK time.
 */
export async function searchAuditEvents(db: Executor, scope: Scope, query: AuditQuery, page: { size: number }) {
  if (scope.organisationIds.length === 0) {
    return { events: [], total: 0 };
  }
  let base = db
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
          eb(
            'audit_events.subject_id',
            'in',
            eb
              .selectFrom('memberships')
              .select(sql<string>`user_id::text`.as('user_id'))
              .where('organisation_id', 'in', scope.organisationIds),
          ),
        ]),
      ]),
    );
  if (query.action) {
    base = base.where('audit_events.action', 'ilike', `%${literal(query.action)}%`);
  }
  if (query.actor) {
    base = base.where(sql<string>`lower(users.email)`, 'like', `%${literal(query.actor.toLowerCase())}%`);
  }
  if (query.subject) {
    base = base.where('audit_events.subject_id', '=', query.subject);
  }
  if (query.from) {
    base = base.where(
      'audit_events.at',
      '>=',
      sql<Date>`(${query.from}::date)::timestamp at time zone 'Europe/London'`,
    );
  }
  if (query.to) {
    base = base.where(
      'audit_events.at',
      '<',
      sql<Date>`(${query.to}::date + 1)::timestamp at time zone 'Europe/London'`,
    );
  }
  const total = Number(
    (await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst())?.total ?? 0,
  );
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
    .limit(page.size)
    .offset((query.page - 1) * page.size)
    .execute();
  return { events, total };
}
