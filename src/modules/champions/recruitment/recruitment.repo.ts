import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { slotsMatching } from '../shared/availability.rules.ts';
import type { ChampionSearchQuery } from '../shared/champions.schemas.ts';
import type { ChampionRow, ChampionStage, ChampionTagsTable } from '../champions.tables.ts';

/** How many people a page of search results shows. */
export const PAGE_SIZE = 25;

/** Tags for one champion, grouped by kind. */
export interface ChampionTags {
  interest: string[];
  skill: string[];
  language: string[];
  availability: string[];
}

/** A new expression of interest. */
export interface NewChampion {
  organisationId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  accessNeeds: string;
  heardVia: string;
  campaignId: string | null;
  tags: ChampionTags;
}

/** Inserts a person at 'interested', with their tags and the first history row. */
export async function insertChampion(
  db: Executor,
  scope: Scope,
  values: NewChampion,
  stage: ChampionStage = 'interested',
  changedBy: string | null = null,
): Promise<string> {
  if (!scope.organisationIds.includes(values.organisationId)) {
    throw new Error('Organisation outside scope');
  }
  const id = newId();
  await db
    .insertInto('champions')
    .values({
      id,
      organisation_id: values.organisationId,
      display_name: values.displayName,
      email: values.email,
      phone: values.phone,
      stage,
      access_needs: values.accessNeeds,
      heard_via: values.heardVia,
      campaign_id: values.campaignId,
    })
    .execute();
  await replaceTags(db, id, values.tags);
  await db
    .insertInto('champion_stage_history')
    .values({ id: newId(), champion_id: id, from_stage: null, to_stage: stage, changed_by: changedBy })
    .execute();
  return id;
}

/** Replaces a champion's tags (the champion's scope was checked by the caller). */
async function replaceTags(db: Executor, championId: string, tags: ChampionTags): Promise<void> {
  await db.deleteFrom('champion_tags').where('champion_id', '=', championId).execute();
  const rows: ChampionTagsTable[] = (Object.keys(tags) as (keyof ChampionTags)[]).flatMap((kind) =>
    [...new Set(tags[kind])].map((value) => ({ champion_id: championId, kind, value })),
  );
  if (rows.length > 0) {
    await db
      .insertInto('champion_tags')
      .values(rows)
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

/** One champion within scope, or undefined. */
export async function findChampion(db: Executor, scope: Scope, championId: string): Promise<ChampionRow | undefined> {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .selectFrom('champions')
    .selectAll()
    .where('id', '=', championId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
}

/** A champion's tags, grouped by kind. */
export async function tagsOf(db: Executor, scope: Scope, championId: string): Promise<ChampionTags> {
  const rows = await db
    .selectFrom('champion_tags')
    .innerJoin('champions', 'champions.id', 'champion_tags.champion_id')
    .select(['champion_tags.kind', 'champion_tags.value'])
    .where('champion_tags.champion_id', '=', championId)
    .where(
      'champions.organisation_id',
      'in',
      scope.organisationIds.length ? scope.organisationIds : ['00000000-0000-0000-0000-000000000000'],
    )
    .orderBy('champion_tags.value')
    .execute();
  const tags: ChampionTags = { interest: [], skill: [], language: [], availability: [] };
  for (const row of rows) {
    tags[row.kind].push(row.value);
  }
  return tags;
}

/** The stage history of a champion, oldest first, with who made each move. */
export async function stageHistory(db: Executor, scope: Scope, championId: string) {
  return db
    .selectFrom('champion_stage_history as history')
    .innerJoin('champions', 'champions.id', 'history.champion_id')
    .leftJoin('users', 'users.id', 'history.changed_by')
    .leftJoin('champion_role_templates as offered', 'offered.id', 'history.role_template_id')
    .select([
      'history.id',
      'history.from_stage',
      'history.to_stage',
      'history.changed_at',
      'history.note',
      'users.display_name as changed_by_name',
      'offered.name as role_offered',
    ])
    .where('history.champion_id', '=', championId)
    .where(
      'champions.organisation_id',
      'in',
      scope.organisationIds.length ? scope.organisationIds : ['00000000-0000-0000-0000-000000000000'],
    )
    .orderBy('history.changed_at')
    .orderBy('history.id')
    .execute();
}

/** Moves a champion to a stage and records who moved them, when, and (for an offer) which role. */
export async function updateStage(
  db: Executor,
  scope: Scope,
  championId: string,
  from: ChampionStage,
  to: ChampionStage,
  changedBy: string,
  note: string,
  roleTemplateId: string | null = null,
): Promise<boolean> {
  const result = await db
    .updateTable('champions')
    .set({ stage: to, stage_changed_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', championId)
    .where('stage', '=', from)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    return false;
  }
  await db
    .insertInto('champion_stage_history')
    .values({
      id: newId(),
      champion_id: championId,
      from_stage: from,
      to_stage: to,
      changed_by: changedBy,
      note,
      role_template_id: roleTemplateId,
    })
    .execute();
  return true;
}

/** Sets the log-in linked to a champion. */
export async function linkUser(db: Executor, scope: Scope, championId: string, userId: string): Promise<void> {
  await db
    .updateTable('champions')
    .set({ user_id: userId, updated_at: sql<Date>`now()` })
    .where('id', '=', championId)
    .where('organisation_id', 'in', scope.organisationIds)
    .where('user_id', 'is', null)
    .execute();
}

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

/** How many people are at each stage, for the pipeline summary. */
export async function countByStage(db: Executor, scope: Scope): Promise<Record<string, number>> {
  if (scope.organisationIds.length === 0) {
    return {};
  }
  const rows = await db
    .selectFrom('champions')
    .select(['stage', sql<number>`count(*)::int`.as('people')])
    .where('organisation_id', 'in', scope.organisationIds)
    .groupBy('stage')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.stage, row.people]));
}
