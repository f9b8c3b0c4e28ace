import type { Insertable } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';

/** Campaigns in scope, newest first, with how many people each brought in. */
export async function campaignsIn(db: Executor, scope: Scope) {
  if (scope.organisationIds.length === 0) {
    return [];
  }
  const campaigns = await db
    .selectFrom('champion_campaigns as campaign')
    .select((eb) => [
      'campaign.id',
      'campaign.code',
      'campaign.name',
      'campaign.channel',
      'campaign.starts_on',
      'campaign.ends_on',
      eb
        .selectFrom('champions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('champions.campaign_id', '=', 'campaign.id')
        .as('people'),
    ])
    .where('campaign.organisation_id', 'in', scope.organisationIds)
    .orderBy('campaign.created_at', 'desc')
    .execute();
  return campaigns.map((campaign) => ({ ...campaign, people: Number(campaign.people ?? 0) }));
}

/** Starts a campaign in an organisation in scope. */
export async function insertCampaign(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_campaigns']>,
): Promise<void> {
  if (scope.organisationIds.includes(row.organisation_id)) {
    await db.insertInto('champion_campaigns').values(row).execute();
  }
}

/** One campaign in scope. */
export async function findCampaign(db: Executor, scope: Scope, campaignId: string) {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .selectFrom('champion_campaigns')
    .selectAll()
    .where('id', '=', campaignId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
}

/** How many people a campaign (already reached through the scope) brought in. */
export async function countCampaignPeople(db: Executor, scope: Scope, campaignId: string): Promise<number> {
  if (scope.organisationIds.length === 0) {
    return 0;
  }
  const people = await db
    .selectFrom('champions')
    .select(db.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return Number(people?.n ?? 0);
}

/** The public practice page a campaign code leads to: its practice's ODS code (public: campaign links are printed). */
export async function findCampaignByCode(
  db: Executor,
  code: string,
): Promise<{ ods_code: string | null; code: string } | undefined> {
  return db
    .selectFrom('champion_campaigns')
    .innerJoin('organisations', 'organisations.id', 'champion_campaigns.organisation_id')
    .select(['organisations.ods_code', 'champion_campaigns.code'])
    .where('champion_campaigns.code', '=', code)
    .executeTakeFirst();
}

/** The practice's campaign with this code, as the public form names it (the public form writes into that practice alone). */
export async function findPracticeCampaign(
  db: Executor,
  scope: Scope,
  code: string,
): Promise<{ id: string; name: string; ends_on: unknown } | undefined> {
  if (scope.organisationIds.length === 0) {
    return undefined;
  }
  return db
    .selectFrom('champion_campaigns')
    .select(['id', 'name', 'ends_on'])
    .where('code', '=', code)
    .where('organisation_id', 'in', [...scope.organisationIds])
    .executeTakeFirst();
}
