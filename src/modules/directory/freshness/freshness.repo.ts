import { type RawBuilder, sql } from 'kysely';
import { ORGANISATION_LINKS, type Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';

/** Months between checks when none of a service's taxonomies says otherwise (ORUK advice). */
export const DEFAULT_REVIEW_MONTHS = 3;

/** A service's review interval: the shortest of its terms' taxonomies, or the default. */
function reviewMonths(serviceAlias: string): RawBuilder<number> {
  return sql<number>`coalesce((
    select min(tx.review_months) from dir_attributes a
    join dir_taxonomy_terms tt on tt.id = a.taxonomy_term_id
    join dir_taxonomies tx on tx.id = tt.taxonomy_id
    where a.link_type = 'service' and a.link_id = ${sql.ref(`${serviceAlias}.id`)}), ${DEFAULT_REVIEW_MONTHS})`;
}

/**
 * What a service's next review counts from: its last check or the date it was last assured
 * (ORUK assured_date, which an imported feed gives), whichever is later, or else when it was
 * added. An assured date in the future counts as today.
 */
function reviewBase(serviceAlias: string): RawBuilder<Date> {
  const column = (name: string) => sql.ref(`${serviceAlias}.${name}`);
  return sql<Date>`coalesce(greatest(${column('last_verified_at')},
    case when ${column('assured_date')} is null then null else least(${column('assured_date')}::timestamp at time zone 'Europe/London', now()) end), ${column('created_at')})`;
}

/**
 * Works out again the review date of every running entry tagged with the taxonomy's terms,
 * after its review interval changed: the last check or assurance (or when it was added) plus
 * the shortest interval of its taxonomies. Entries already marked as needing a check stay so
 * until checked. Returns how many entries were rescheduled.
 */
export async function rescheduleReviews(db: Executor, taxonomyId: string): Promise<number> {
  const result = await sql`
    update dir_services s set review_due_at = ${reviewBase('s')} + make_interval(months => ${reviewMonths('s')})
    where s.status = 'active' and exists (
      select 1 from dir_attributes a join dir_taxonomy_terms tt on tt.id = a.taxonomy_term_id
      where a.link_type = 'service' and a.link_id = s.id and tt.taxonomy_id = ${taxonomyId})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Works out again one entry's review date, after its taxonomy terms or its assured date
 * changed: as rescheduleReviews, from its last check or assurance with the shortest interval
 * of its terms' taxonomies (or the default). Marked as needing a check, it stays so until checked.
 */
export async function rescheduleReview(db: Executor, serviceId: string): Promise<void> {
  await sql`update dir_services s set review_due_at = ${reviewBase('s')} + make_interval(months => ${reviewMonths('s')}) where s.id = ${serviceId}`.execute(
    db,
  );
}

/** What one nightly sweep did. */
export interface SweepResult {
  scheduled: number;
  markedStale: number;
  tasksCreated: number;
  tasksCancelled: number;
}

/**
 * The nightly freshness sweep, set-based so it stays quick at any size: gives every active
 * service without one a review date (from its last check or assurance), marks overdue ones stale (with history), opens one verification task
 * per stale service, and cancels tasks for services no longer running.
 */
export async function sweepFreshness(db: Executor, now: Date): Promise<SweepResult> {
  const scheduled = await sql`
    update dir_services s set review_due_at = ${reviewBase('s')} + make_interval(months => ${reviewMonths('s')})
    where s.status = 'active' and s.review_due_at is null`.execute(db);
  const stale = await sql<{ id: string }>`
    with marked as (
      update dir_services set stale = true
      where status = 'active' and not stale and review_due_at <= ${now}
      returning id
    ), logged as (
      insert into dir_service_history (id, service_id, changed_at, changed_by, source, changes)
      select gen_random_uuid(), id, ${now}, null, 'system', '{"stale": {"from": false, "to": true}}'::jsonb from marked
    )
    select id from marked`.execute(db);
  const created = await sql`
    insert into dir_verification_tasks (id, service_id, owner_organisation_id, created_at)
    select gen_random_uuid(), s.id, s.owner_organisation_id, ${now} from dir_services s
    where s.status = 'active' and s.stale
      and not exists (select 1 from dir_verification_tasks t where t.service_id = s.id and t.status in ('open', 'claimed'))
    on conflict do nothing`.execute(db);
  const cancelled = await sql`
    update dir_verification_tasks t set status = 'cancelled', completed_at = ${now}, outcome = 'The service is no longer running'
    where t.status in ('open', 'claimed') and exists (select 1 from dir_services s where s.id = t.service_id and s.status <> 'active')`.execute(
    db,
  );
  return {
    scheduled: Number(scheduled.numAffectedRows ?? 0),
    markedStale: stale.rows.length,
    tasksCreated: Number(created.numAffectedRows ?? 0),
    tasksCancelled: Number(cancelled.numAffectedRows ?? 0),
  };
}

/** How a check was made. */
export type VerificationMethod = 'phone' | 'email' | 'visit' | 'provider';

/** A completed check of a service's details. */
export interface Verification {
  serviceId: string;
  method: VerificationMethod;
  at: Date;
  userId: string | null;
  email: string | null;
  outcome: string;
}

/**
 * Records a check: last verified (when, who, how), ORUK assured_date and assurer_email, a new
 * review date, not stale, any other live task closed, and a line of history.
 */
export async function recordVerification(db: Executor, verification: Verification): Promise<void> {
  await sql`
    update dir_services s set last_verified_at = ${verification.at}, last_verified_by = ${verification.userId}, verification_method = ${verification.method},
      stale = false, assured_date = (${verification.at}::timestamptz at time zone 'Europe/London')::date, assurer_email = ${verification.email},
      review_due_at = ${verification.at}::timestamptz + make_interval(months => ${reviewMonths('s')})
    where s.id = ${verification.serviceId}`.execute(db);
  await db
    .updateTable('dir_verification_tasks')
    .set({ status: 'done', completed_at: verification.at, outcome: 'Checked another way', method: verification.method })
    .where('service_id', '=', verification.serviceId)
    .where('status', 'in', ['open', 'claimed'])
    .execute();
  await db
    .insertInto('dir_service_history')
    .values({
      id: newId(),
      service_id: verification.serviceId,
      changed_at: verification.at,
      changed_by: verification.userId,
      source: 'verification',
      changes: JSON.stringify({ verified: { method: verification.method, outcome: verification.outcome } }),
    })
    .execute();
}

/** A verification task as lists and task pages show it. */
export interface TaskRow {
  id: string;
  serviceId: string;
  serviceName: string;
  ownerOrganisationId: string;
  ownerName: string;
  status: string;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  method: string | null;
  reviewDueAt: Date | null;
  lastVerifiedAt: Date | null;
  createdAt: Date;
}

function taskQuery(db: Executor) {
  return db
    .selectFrom('dir_verification_tasks as t')
    .innerJoin('dir_services as s', 's.id', 't.service_id')
    .innerJoin('organisations as o', 'o.id', 't.owner_organisation_id')
    .leftJoin('users as u', 'u.id', 't.claimed_by')
    .select([
      't.id',
      't.service_id as serviceId',
      's.name as serviceName',
      't.owner_organisation_id as ownerOrganisationId',
      'o.name as ownerName',
      't.status',
      't.claimed_by as claimedBy',
      'u.display_name as claimedByName',
      't.claimed_at as claimedAt',
      't.method',
      's.review_due_at as reviewDueAt',
      's.last_verified_at as lastVerifiedAt',
      't.created_at as createdAt',
    ]);
}

/** Live tasks (open, or claimed) in the scope, oldest review date first. */
export function listLiveTasks(db: Executor, scope: Scope): Promise<TaskRow[]> {
  if (scope.organisationIds.length === 0) {
    return Promise.resolve([]);
  }
  return taskQuery(db)
    .where('t.owner_organisation_id', 'in', [...scope.organisationIds])
    .where('t.status', 'in', ['open', 'claimed'])
    .orderBy('s.review_due_at')
    .orderBy('s.name')
    .limit(200)
    .execute();
}

/** One task, if it is in the scope. */
export function findTask(db: Executor, scope: Scope, taskId: string): Promise<TaskRow | undefined> {
  if (scope.organisationIds.length === 0) {
    return Promise.resolve(undefined);
  }
  return taskQuery(db)
    .where('t.id', '=', taskId)
    .where('t.owner_organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
}

/** One row of the freshness dashboard: an organisation and its services (with those below it). */
export interface FreshnessRow {
  id: string;
  name: string;
  kind: string;
  total: number;
  fresh: number;
  needsChecking: number;
  openTasks: number;
}

/** Fresh and stale counts of active services for each organisation, counting those below networks. */
export async function freshnessByOrganisation(db: Executor, scope: Scope, now: Date): Promise<FreshnessRow[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const result = await sql<FreshnessRow>`
    with recursive ${ORGANISATION_LINKS}, tree(root, id) as (
      select id, id from organisations where id = any(${[...scope.organisationIds]}::uuid[])
      union
      select tree.root, links.child from tree join links on links.parent = tree.id
    )
    select o.id, o.name, o.kind,
      count(s.id)::int as total,
      count(s.id) filter (where not s.stale and s.last_verified_at is not null and (s.review_due_at is null or s.review_due_at > ${now}))::int as fresh,
      count(s.id) filter (where s.stale or s.review_due_at <= ${now})::int as "needsChecking",
      (select count(*) from dir_verification_tasks t join tree t2 on t2.id = t.owner_organisation_id where t2.root = o.id and t.status in ('open', 'claimed'))::int as "openTasks"
    from organisations o
    join (select distinct root, id from tree) tr on tr.root = o.id
    left join dir_services s on s.owner_organisation_id = tr.id and s.status = 'active'
    group by o.id, o.name, o.kind
    order by o.kind, o.name`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    total: Number(row.total),
    fresh: Number(row.fresh),
    needsChecking: Number(row.needsChecking),
    openTasks: Number(row.openTasks),
  }));
}
