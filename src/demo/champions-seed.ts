import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import { ensureChampionDefaults } from '../modules/champions/settings/champion-defaults.service.ts';
import { seedChampionActivityDemo } from './champion-activity-seed.ts';
import { addChampion } from './champions-add.ts';
import { DAY, STAGE_MIX, FIRST_NAMES, SURNAMES, iso } from './champions-people.ts';
/**
 * Demo champions for Canal Street and Millbrook: about 40 at every pipeline stage, generated
 * deterministically, plus Joan Walker (the demo champion) active and cleared as a walk leader and
 * directory researcher, and the demo champions who already have log-ins; paused and departed
 * ones with their departure rows, active ones with hours, expense claims and a past champion
 * meeting. Called inside seedDemo's transaction.
 */
export async function seedChampionsDemo(
  tx: Transaction<Database>,
  practices: { canal: string; millbrook: string },
  domain: string,
  now: Date = new Date(),
): Promise<void> {
  const userByEmail = async (email: string) =>
    (await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
  const coordinators = {
    canal: await userByEmail(`coordinator.canal@${domain}`),
    millbrook: await userByEmail(`manager.millbrook@${domain}`),
  };
  for (const [key, organisationId] of Object.entries(practices) as ['canal' | 'millbrook', string][]) {
    await ensureChampionDefaults(tx, organisationId);
    const campaigns =
      key === 'canal'
        ? [
            ['canal-spring-text', 'Spring text to all patients', 'text_message'],
            ['canal-fun-day', 'Summer fun day', 'fun_day'],
          ]
        : [['millbrook-poster', 'Waiting room poster', 'poster']];
    for (const [code, name, channel] of campaigns) {
      await tx
        .insertInto('champion_campaigns')
        .values({
          id: newId(),
          organisation_id: organisationId,
          code: code ?? '',
          name: name ?? '',
          channel: channel ?? 'other',
          starts_on: iso(new Date(now.getTime() - 60 * DAY)),
          ends_on: iso(new Date(now.getTime() + 30 * DAY)),
          created_by: coordinators[key],
        })
        .execute();
    }
  }

  const joan = await userByEmail(`champion@${domain}`);
  const walkLeaderIds: [string, string][] = [];
  for (const [key, organisationId] of Object.entries(practices) as ['canal' | 'millbrook', string][]) {
    // Joan leads the Tuesday and Thursday morning walks and speaks Urdu: the talent register finds her.
    const id = await addChampion(
      tx,
      {
        organisationId,
        name: 'Joan Walker',
        email: `champion@${domain}`,
        stage: 'active',
        userId: joan,
        seed: key === 'canal' ? 0 : 1,
        coordinatorId: coordinators[key],
        cleared: true,
        availability: ['tue_morning', 'thu_morning', 'sat_afternoon'],
      },
      now,
    );
    walkLeaderIds.push([id, organisationId]);
  }
  for (const [championId, organisationId] of walkLeaderIds) {
    // Joan also checks directory entries, so the demo champion has checking tasks to claim.
    for (const role of ['Walk leader', 'Directory researcher']) {
      const template = await tx
        .selectFrom('champion_role_templates')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('name', '=', role)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('champion_role_assignments')
        .values({ id: newId(), champion_id: championId, role_template_id: template.id, assigned_by: null })
        .execute();
    }
  }

  // Champions who already have log-ins (memberships made by seedDemo) are active.
  const withLogIns = await tx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'memberships.organisation_id'])
    .where('memberships.role', '=', 'champion')
    .where('memberships.organisation_id', 'in', [practices.canal, practices.millbrook])
    .where('users.email', '!=', `champion@${domain}`)
    .orderBy('users.email')
    .execute();
  for (const [index, person] of withLogIns.entries()) {
    const key = person.organisation_id === practices.canal ? 'canal' : 'millbrook';
    await addChampion(
      tx,
      {
        organisationId: person.organisation_id,
        name: person.display_name,
        email: person.email,
        stage: 'active',
        userId: person.id,
        seed: 2 + index,
        coordinatorId: coordinators[key],
      },
      now,
    );
  }

  let seed = 10;
  for (const [key, organisationId] of Object.entries(practices) as ['canal' | 'millbrook', string][]) {
    for (const stage of STAGE_MIX) {
      const first = FIRST_NAMES[seed % FIRST_NAMES.length] ?? 'Alex';
      const last = SURNAMES[(seed * 7) % SURNAMES.length] ?? 'Smith';
      await addChampion(
        tx,
        {
          organisationId,
          name: `${first} ${last}`,
          email: `${first}.${last}.${seed}@${domain}`.toLowerCase(),
          stage,
          userId: null,
          seed,
          coordinatorId: coordinators[key],
        },
        now,
      );
      seed += 1;
    }
  }
  for (const [key, organisationId] of Object.entries(practices) as ['canal' | 'millbrook', string][]) {
    await seedChampionActivityDemo(tx, organisationId, coordinators[key], now);
  }
}
