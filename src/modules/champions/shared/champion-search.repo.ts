import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { slotsMatching } from './availability.rules.ts';
import type { ChampionSearchQuery } from './champions.schemas.ts';
import type { ChampionStage, ChampionTagsTable } from '../champions.tables.ts';

// Finding champions: the pipeline and the talent register search the same way.

/** How many people a page of search results shows. */
export const PAGE_SIZE = 25;

/** One row of search results. */
export interface ChampionListItem {
  id: string;
  organisationId: string;
  organisationName: string;
  displayName: string;
  stage: ChampionStage;
  stageChangedAt: Date;
  languages: string;
  availability: string;
}

/**
 * Searches champions in scope by name, stage and tags, newest first, one page at a time. Tag
 * filters use the (kind, lower(value), champion_id) index; names use the trigram index. A role
 * filter keeps only `roleHolders`: the champions who hold the role and are cleared for it now
 * (clearance.ts clearedHoldersOf), which the caller works out because clearance is not SQL alone.
 */
export async function searchChampions(
  db: Executor,
  scope: Scope,
  query: ChampionSearchQuery,
  roleHolders: readonly string[] = [],
): Promise<{ items: ChampionListItem[]; total: number }> {
  if (scope.organisationIds.length === 0) {
    return { items: [], total: 0 };
  }
  let base = db
    .selectFrom('champions')
    .innerJoin('organisations', 'organisations.id', 'champions.organisation_id')
    .where('champions.organisation_id', 'in', scope.organisationIds);
  if (query.stage) {
    base = base.where('champions.stage', '=', query.stage as ChampionStage);
  }
  if (query.q) {
    base = base.where('champions.display_name', 'ilike', `%${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
  }
  const filters: [ChampionTagsTable['kind'], string[]][] = [];
  if (query.interest) {
    filters.push(['interest', [query.interest]]);
  }
  if (query.day || query.part) {
    // "Tuesday morning" is one slot; "Tuesday" any of its three; "mornings" any day's morning.
    filters.push(['availability', slotsMatching(query.day, query.part)]);
  }
  if (query.language) {
    filters.push(['language', [query.language]]);
  }
  if (query.skill) {
    filters.push(['skill', [query.skill]]);
  }
  for (const [kind, values] of filters) {
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('champion_tags')
          .select(sql`1`.as('one'))
          .whereRef('champion_tags.champion_id', '=', 'champions.id')
          .where('champion_tags.kind', '=', kind)
          .where(
            sql<string>`lower(champion_tags.value)`,
            'in',
            values.map((value) => value.toLowerCase()),
          ),
      ),
    );
  }
  if (query.role) {
    base = base.where(
      'champions.id',
      'in',
      roleHolders.length > 0 ? [...roleHolders] : ['00000000-0000-0000-0000-000000000000'],
    );
  }
  const counted = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirst();
  const rows = await base
    .select([
      'champions.id',
      'champions.organisation_id',
      'organisations.name as organisation_name',
      'champions.display_name',
      'champions.stage',
      'champions.stage_changed_at',
      sql<string>`(select string_agg(value, ', ' order by value) from champion_tags t where t.champion_id = champions.id and t.kind = 'language')`.as(
        'languages',
      ),
      sql<string>`(select string_agg(value, ',' order by value) from champion_tags t where t.champion_id = champions.id and t.kind = 'availability')`.as(
        'availability',
      ),
    ])
    .orderBy('champions.created_at', 'desc')
    .orderBy('champions.id')
    .limit(PAGE_SIZE)
    .offset((query.page - 1) * PAGE_SIZE)
    .execute();
  return {
    total: counted?.total ?? 0,
    items: rows.map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name,
      displayName: row.display_name,
      stage: row.stage,
      stageChangedAt: row.stage_changed_at,
      languages: row.languages ?? '',
      availability: row.availability ?? '',
    })),
  };
}

/** The role names used in scope, for the search form's role filter. */
export async function roleNamesIn(db: Executor, scope: Scope): Promise<string[]> {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('champion_role_templates')
    .select('name')
    .distinct()
    .where('organisation_id', 'in', scope.organisationIds)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}
