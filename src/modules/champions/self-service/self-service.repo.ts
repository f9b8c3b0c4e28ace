import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** The champion record linked to a log-in in one organisation (never one who has left). */
export async function findChampionForUser(db: Executor, scope: Scope, userId: string) {
  return db
    .selectFrom('champions')
    .innerJoin('organisations', 'organisations.id', 'champions.organisation_id')
    .select([
      'champions.id',
      'champions.organisation_id',
      'organisations.name as organisation_name',
      'champions.display_name',
      'champions.email',
      'champions.phone',
      'champions.stage',
    ])
    .where('champions.user_id', '=', userId)
    .where(
      'champions.organisation_id',
      'in',
      scope.organisationIds.length > 0 ? [...scope.organisationIds] : ['00000000-0000-0000-0000-000000000000'],
    )
    .where('champions.stage', '<>', 'left')
    .executeTakeFirst();
}

/** Hours and money totals for one champion, straight from the rows (the same sums the exports use). */
export interface ChampionTotals {
  loggedMinutes: number;
  verifiedMinutes: number;
  claimedPence: number;
  approvedPence: number;
  awaitingPence: number;
}

/** Totals for each champion in `championIds` (all of the scope's champions when omitted). */
export async function championTotals(
  db: Executor,
  scope: Scope,
  championIds?: readonly string[],
): Promise<Map<string, ChampionTotals>> {
  const organisations = [...scope.organisationIds];
  const totals = new Map<string, ChampionTotals>();
  if (organisations.length === 0 || (championIds && championIds.length === 0)) {
    return totals;
  }
  const ids = championIds ? [...championIds] : null;
  const hours = await sql<{ champion_id: string; logged: number; verified: number }>`
    select champion_id, coalesce(sum(minutes), 0)::int as logged,
      coalesce(sum(minutes) filter (where status = 'verified'), 0)::int as verified
    from champion_hours
    where organisation_id = any(${organisations}::uuid[]) and (${ids}::uuid[] is null or champion_id = any(${ids}::uuid[]))
    group by champion_id`.execute(db);
  const money = await sql<{ champion_id: string; claimed: number; approved: number; awaiting: number }>`
    select champion_id, coalesce(sum(total_pence) filter (where status <> 'rejected'), 0)::int as claimed,
      coalesce(sum(total_pence) filter (where status = 'approved'), 0)::int as approved,
      coalesce(sum(total_pence) filter (where status = 'submitted'), 0)::int as awaiting
    from expense_claims
    where organisation_id = any(${organisations}::uuid[]) and (${ids}::uuid[] is null or champion_id = any(${ids}::uuid[]))
    group by champion_id`.execute(db);
  const entry = (id: string) => {
    let found = totals.get(id);
    if (!found) {
      found = { loggedMinutes: 0, verifiedMinutes: 0, claimedPence: 0, approvedPence: 0, awaitingPence: 0 };
      totals.set(id, found);
    }
    return found;
  };
  for (const row of hours.rows) {
    Object.assign(entry(row.champion_id), { loggedMinutes: row.logged, verifiedMinutes: row.verified });
  }
  for (const row of money.rows) {
    Object.assign(entry(row.champion_id), {
      claimedPence: row.claimed,
      approvedPence: row.approved,
      awaitingPence: row.awaiting,
    });
  }
  return totals;
}

/** A champion's interests, skills, languages and availability. */
export async function listProfileTags(db: Executor, scope: Scope, championId: string) {
  return db
    .selectFrom('champion_tags')
    .innerJoin('champions', 'champions.id', 'champion_tags.champion_id')
    .select(['champion_tags.kind', 'champion_tags.value'])
    .where('champion_tags.champion_id', '=', championId)
    .where('champions.organisation_id', 'in', [...scope.organisationIds, '00000000-0000-0000-0000-000000000000'])
    .orderBy('champion_tags.value')
    .execute();
}

/** Replaces a champion's contact details, interests, skills, languages and availability. */
export async function saveProfile(
  db: Executor,
  scope: Scope,
  championId: string,
  profile: {
    email: string;
    phone: string;
    interests: string[];
    skills: string[];
    languages: string[];
    availability: string[];
  },
): Promise<void> {
  await db
    .updateTable('champions')
    .set({ email: profile.email || null, phone: profile.phone || null, updated_at: new Date() })
    .where('id', '=', championId)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .execute();
  await db
    .deleteFrom('champion_tags')
    .where('champion_id', '=', championId)
    .where('kind', 'in', ['interest', 'skill', 'language', 'availability'])
    .execute();
  const rows = [
    ...profile.interests.map((value) => ({ champion_id: championId, kind: 'interest' as const, value })),
    ...profile.skills.map((value) => ({ champion_id: championId, kind: 'skill' as const, value })),
    ...profile.languages.map((value) => ({ champion_id: championId, kind: 'language' as const, value })),
    ...profile.availability.map((value) => ({ champion_id: championId, kind: 'availability' as const, value })),
  ];
  if (rows.length > 0) {
    await db
      .insertInto('champion_tags')
      .values(rows)
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}
