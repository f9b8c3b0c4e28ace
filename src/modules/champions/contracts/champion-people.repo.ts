import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { ChampionStage } from '../champions.tables.ts';

// Read contract for other modules (activities): who a champion is, by id, by log-in or by
// organisation. Names and stages only; never checks, references or contact details beyond email.

/** A champion as other modules may see them. */
export interface ChampionPerson {
  id: string;
  organisationId: string;
  displayName: string;
  email: string | null;
  userId: string | null;
  stage: ChampionStage;
}

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

function scopeIds(scope: Scope): string[] {
  return scope.organisationIds.length > 0 ? [...scope.organisationIds] : [NO_ORGANISATION];
}

/** Champions of the scope by id (any stage), keyed by id; unknown ids are left out. */
export async function championsByIds(
  db: Executor,
  scope: Scope,
  championIds: readonly string[],
): Promise<Map<string, ChampionPerson>> {
  if (championIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('champions')
    .select(['id', 'organisation_id', 'display_name', 'email', 'user_id', 'stage'])
    .where('id', 'in', [...new Set(championIds)])
    .where('organisation_id', 'in', scopeIds(scope))
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        organisationId: row.organisation_id,
        displayName: row.display_name,
        email: row.email,
        userId: row.user_id,
        stage: row.stage,
      },
    ]),
  );
}

/** One champion of an organisation in the scope, locked until the caller's transaction ends. */
export async function lockChampionIn(db: Executor, scope: Scope, organisationId: string, championId: string) {
  return db
    .selectFrom('champions')
    .select(['id', 'display_name', 'stage'])
    .where('id', '=', championId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scopeIds(scope))
    .forUpdate()
    .executeTakeFirst();
}

/** An organisation's active champions, by name (then id), at most `limit` of them. */
export async function activeChampionsIn(
  db: Executor,
  scope: Scope,
  organisationId: string,
  limit = 1000,
): Promise<{ id: string; display_name: string }[]> {
  return db
    .selectFrom('champions')
    .select(['id', 'display_name'])
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scopeIds(scope))
    .where('stage', '=', 'active')
    .orderBy('display_name')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The champion records linked to a log-in (any organisation; never one who has left). */
export async function championsOfUser(
  db: Executor,
  userId: string,
): Promise<{ id: string; organisation_id: string; display_name: string }[]> {
  return db
    .selectFrom('champions')
    .select(['id', 'organisation_id', 'display_name'])
    .where('user_id', '=', userId)
    .where('stage', '<>', 'left')
    .execute();
}

/** The champion and their records at other practices under the same log-in (just the one without a log-in). */
export async function championsSharingLogIn(db: Executor, championId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('champions as others')
    .innerJoin('champions as this', 'this.user_id', 'others.user_id')
    .select('others.id')
    .where('this.id', '=', championId)
    .execute();
  return [...new Set([championId, ...rows.map((row) => row.id)])];
}

/** Champions of the scope by id (any stage), in name order (then id), as pages list them. */
export async function championsInNameOrder(
  db: Executor,
  scope: Scope,
  championIds: readonly string[],
): Promise<{ id: string; display_name: string }[]> {
  if (championIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('champions')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(championIds)])
    .where('organisation_id', 'in', scopeIds(scope))
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}
