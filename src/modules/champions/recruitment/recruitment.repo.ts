import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import type { ChampionRow, ChampionStage, ChampionTagsTable } from '../champions.tables.ts';

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
