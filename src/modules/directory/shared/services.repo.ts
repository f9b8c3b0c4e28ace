import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Database } from '../../../platform/db/schema.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';
import { loadNestedParts } from './service-parts.repo.ts';
import { identifiersFromColumn } from './service-rows.rules.ts';
import type { OrganizationRecord, ServiceRecord, ServiceStatus, ServiceSummary } from './services.schemas.ts';

/**
 * Whose services a read may return: the public feed (active and published) or a caller's scope.
 * The one named exception to a bare Scope (README.md): `PUBLIC` is anyone's to read.
 */
export type ServiceAudience = { kind: 'public' } | { kind: 'scope'; scope: Scope };

/** The public feed: only active, published services. */
export const PUBLIC: ServiceAudience = { kind: 'public' };

/** Filters shared by the ORUK list endpoints and staff lists; all optional and cumulative. */
export interface ServiceFilter {
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
  /** Only these service ids (used by the location and postcode queries). */
  ids?: readonly string[];
}

/** One page of results and how many there are in all. */
export interface PageOf<T> {
  total: number;
  items: T[];
}

type ServiceExpressions = ExpressionBuilder<Database & { s: Database['dir_services'] }, 's'>;

/** The SQL condition for an audience: public rows or rows the scope owns. */
export function audienceCondition(eb: ServiceExpressions, audience: ServiceAudience): Expression<SqlBool> {
  if (audience.kind === 'public') {
    return eb.and([eb('s.status', '=', 'active'), eb('s.published', '=', true)]);
  }
  if (audience.scope.organisationIds.length === 0) {
    return sql<SqlBool>`false`;
  }
  return eb('s.owner_organisation_id', 'in', audience.scope.organisationIds);
}

/** The SQL conditions for a filter (search is full text on the search vector, or the name). */
export function filterConditions(eb: ServiceExpressions, filter: ServiceFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    conditions.push(
      eb.or([
        sql<SqlBool>`s.search_vector @@ websearch_to_tsquery('english', ${search})`,
        eb('s.name', 'ilike', pattern),
      ]),
    );
  }
  if (filter.taxonomyTermId) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('dir_attributes as a')
          .select('a.id')
          .whereRef('a.link_id', '=', 's.id')
          .where('a.link_type', '=', 'service')
          .where('a.taxonomy_term_id', '=', filter.taxonomyTermId),
      ),
    );
  }
  if (filter.taxonomyId) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('dir_attributes as a')
          .innerJoin('dir_taxonomy_terms as t', 't.id', 'a.taxonomy_term_id')
          .select('a.id')
          .whereRef('a.link_id', '=', 's.id')
          .where('a.link_type', '=', 'service')
          .where('t.taxonomy_id', '=', filter.taxonomyId),
      ),
    );
  }
  if (filter.organizationId) {
    conditions.push(eb('s.organization_id', '=', filter.organizationId));
  }
  if (filter.modifiedAfter) {
    conditions.push(eb('s.last_modified', '>=', filter.modifiedAfter));
  }
  if (filter.ids) {
    const ids = filter.ids.filter(isUuid);
    conditions.push(ids.length > 0 ? eb('s.id', 'in', ids) : sql<SqlBool>`false`);
  }
  return conditions;
}

function summaryQuery(db: Executor) {
  return db
    .selectFrom('dir_services as s')
    .leftJoin('dir_organizations as o', 'o.id', 's.organization_id')
    .select([
      's.id',
      's.owner_organisation_id',
      's.organization_id',
      's.name',
      's.description',
      's.url',
      's.email',
      's.status',
      's.fees',
      's.accreditations',
      's.eligibility_description',
      's.minimum_age',
      's.maximum_age',
      's.alert',
      's.assured_date',
      's.assurer_email',
      's.published',
      's.stale',
      's.review_due_at',
      's.last_modified',
      'o.id as o_id',
      'o.name as o_name',
      'o.description as o_description',
      'o.email as o_email',
      'o.website as o_website',
      'o.logo as o_logo',
      'o.uri as o_uri',
      'o.parent_organization_id as o_parent',
      'o.charity_number as o_charity',
      'o.identifiers as o_identifiers',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function organizationFrom(row: SummaryRow): OrganizationRecord | null {
  if (!row.o_id || row.o_name === null) {
    return null;
  }
  return {
    id: row.o_id,
    name: row.o_name,
    description: row.o_description ?? '',
    email: row.o_email,
    website: row.o_website,
    logo: row.o_logo,
    uri: row.o_uri,
    parentOrganizationId: row.o_parent,
    charityNumber: row.o_charity,
    identifiers: identifiersFromColumn(row.o_identifiers),
  };
}

function summaryFrom(row: SummaryRow): ServiceSummary {
  return {
    id: row.id,
    ownerOrganisationId: row.owner_organisation_id,
    organizationId: row.organization_id,
    organization: organizationFrom(row),
    name: row.name,
    description: row.description,
    url: row.url,
    email: row.email,
    status: row.status as ServiceStatus,
    fees: row.fees,
    accreditations: row.accreditations,
    eligibilityDescription: row.eligibility_description,
    minimumAge: row.minimum_age,
    maximumAge: row.maximum_age,
    alert: row.alert,
    assuredDate: row.assured_date,
    assurerEmail: row.assurer_email,
    published: row.published,
    stale: row.stale,
    reviewDueAt: row.review_due_at,
    lastModified: row.last_modified,
  };
}

/** A page of services (row-level fields and provider) in name order, with the total. */
export async function listServices(
  db: Executor,
  audience: ServiceAudience,
  filter: ServiceFilter,
  page: { number: number; size: number },
): Promise<PageOf<ServiceSummary>> {
  const where = (eb: ServiceExpressions) => eb.and([audienceCondition(eb, audience), ...filterConditions(eb, filter)]);
  const everyPublic =
    audience.kind === 'public' &&
    !filter.search?.trim() &&
    !filter.taxonomyTermId &&
    !filter.taxonomyId &&
    !filter.organizationId &&
    !filter.modifiedAfter &&
    !filter.ids;
  // The whole public feed's size is kept by triggers (counting it was most of a page's time).
  const counted = everyPublic
    ? await db.selectFrom('dir_public_service_count').select('total').executeTakeFirst()
    : await db
        .selectFrom('dir_services as s')
        .select((eb) => eb.fn.countAll<number>().as('total'))
        .where(where)
        .executeTakeFirst();
  // Ids first (an index-only scan for the public feed, even on deep pages), then the rows.
  const pageIds = await db
    .selectFrom('dir_services as s')
    .select('s.id')
    .where(where)
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(page.size)
    .offset((page.number - 1) * page.size)
    .execute();
  const ids = pageIds.map((row) => row.id);
  const rows = ids.length === 0 ? [] : await summaryQuery(db).where('s.id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [summaryFrom(row)] : [];
  });
  return { total: Number(counted?.total ?? 0), items: ordered };
}

/** Fully nested services by id, in the order given, limited to the audience. */
export async function findServices(
  db: Executor,
  audience: ServiceAudience,
  ids: readonly string[],
): Promise<ServiceRecord[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) {
    return [];
  }
  const rows = await summaryQuery(db)
    .innerJoin('organisations as owner', 'owner.id', 's.owner_organisation_id')
    .select([
      'owner.name as owner_name',
      'owner.ods_code as owner_ods',
      's.last_verified_at',
      's.last_verified_by',
      's.verification_method',
      's.source_activity_id',
      's.created_at',
    ])
    .where((eb) => eb.and([audienceCondition(eb, audience), eb('s.id', 'in', wanted)]))
    .execute();
  const nested = await loadNestedParts(
    db,
    rows.map((row) => row.id),
  );
  const byId = new Map<string, ServiceRecord>();
  for (const row of rows) {
    const parts = nested.get(row.id);
    if (!parts) {
      continue;
    }
    const summary = summaryFrom(row);
    byId.set(row.id, {
      ...summary,
      ...parts,
      ownerOrganisationName: row.owner_name,
      ownerOdsCode: row.owner_ods,
      lastVerifiedAt: row.last_verified_at,
      lastVerifiedBy: row.last_verified_by,
      verificationMethod: row.verification_method,
      sourceActivityId: row.source_activity_id,
      createdAt: row.created_at,
    });
  }
  return wanted.flatMap((id) => {
    const found = byId.get(id);
    return found ? [found] : [];
  });
}

/** One fully nested service the audience may see, or undefined. */
export async function findService(
  db: Executor,
  audience: ServiceAudience,
  id: string,
): Promise<ServiceRecord | undefined> {
  return (await findServices(db, audience, [id]))[0];
}

/**
 * Every service the audience may see, fully nested, in id order, a batch at a time (for
 * exports and ndjson streams: memory stays flat however big the directory is).
 */
export async function* iterateServices(
  db: Executor,
  audience: ServiceAudience,
  filter: ServiceFilter = {},
  batchSize = 100,
): AsyncGenerator<ServiceRecord> {
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const ids = await db
      .selectFrom('dir_services as s')
      .select('s.id')
      .where((eb) =>
        eb.and([
          audienceCondition(eb, audience),
          ...filterConditions(eb, filter),
          ...(cursor ? [eb('s.id', '>', cursor)] : []),
        ]),
      )
      .orderBy('s.id')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) {
      return;
    }
    yield* await findServices(
      db,
      audience,
      ids.map((row) => row.id),
    );
    after = ids[ids.length - 1]?.id ?? null;
  }
}
