import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../lib/ids.ts';
import { ensureChampionDefaults } from '../modules/champions/settings/champion-defaults.service.ts';
import { STAGES } from '../modules/champions/shared/champions.schemas.ts';
import type { ChampionStage } from '../modules/champions/champions.tables.ts';
import { seedChampionActivityDemo } from './champion-activity-seed.ts';

const DAY = 86_400_000;
const PIPELINE: ChampionStage[] = [
  'interested',
  'conversation',
  'role_offered',
  'checks',
  'agreements',
  'induction',
  'active',
];
/** How many demo champions sit at each stage, per practice (about 20 each). */
const STAGE_MIX: ChampionStage[] = [
  'interested',
  'interested',
  'interested',
  'conversation',
  'conversation',
  'role_offered',
  'checks',
  'checks',
  'agreements',
  'induction',
  'active',
  'active',
  'active',
  'active',
  'active',
  'paused',
  'left',
];
const FIRST_NAMES = [
  'Amina',
  'Brian',
  'Chloe',
  'Dev',
  'Elsie',
  'Farah',
  'George',
  'Hana',
  'Ivan',
  'Jas',
  'Kofi',
  'Lena',
  'Mo',
  'Nadia',
  'Olu',
  'Pam',
  'Raj',
  'Sue',
  'Tariq',
  'Una',
];
const SURNAMES = [
  'Ahmed',
  'Barker',
  'Clarke',
  'Dobson',
  'Evans',
  'Fraser',
  'Gill',
  'Hughes',
  'Iqbal',
  'Jenkins',
  'Khan',
  'Lowe',
  'Mensah',
  'Nowak',
  'Owen',
  'Patel',
  'Quinn',
  'Reid',
  'Shah',
  'Turner',
];
const INTEREST_KEYS = [
  'walking',
  'gardening',
  'crafts',
  'cooking',
  'befriending',
  'wellbeing',
  'families',
  'digital',
  'welcome',
  'events',
];
const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PART_KEYS = ['morning', 'afternoon', 'evening'];
const LANGUAGES = ['Urdu', 'Polish', 'Punjabi', 'Bengali', 'Somali', 'Arabic', 'Gujarati'];
const SKILLS = ['first aid', 'baking', 'knitting', 'driving', 'IT', 'gardening', 'singing', 'photography'];
const HEARD = ['text_message', 'poster', 'fun_day', 'staff', 'friend'];

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** Two or three days at one part of the day, and one more slot: varied, but the same every time. */
function availabilityFor(seed: number): string[] {
  const part = PART_KEYS[seed % PART_KEYS.length] ?? 'morning';
  const days = [seed % 7, (seed + 2) % 7, ...(seed % 2 === 0 ? [(seed + 4) % 7] : [])].map(
    (day) => DAY_KEYS[day] ?? 'mon',
  );
  return [
    ...new Set([
      ...days.map((day) => `${day}_${part}`),
      `${DAY_KEYS[(seed + 5) % 7] ?? 'sat'}_${PART_KEYS[(seed + 1) % PART_KEYS.length] ?? 'afternoon'}`,
    ]),
  ];
}

interface DemoChampion {
  organisationId: string;
  name: string;
  email: string;
  stage: ChampionStage;
  userId: string | null;
  seed: number;
  coordinatorId: string | null;
  cleared?: boolean;
  /** Availability slots ('tue_morning'); generated from the seed when not given. */
  availability?: string[];
}

/** Adds one demo champion with tags, stage history and the records their stage implies. */
async function addChampion(tx: Transaction<Database>, champion: DemoChampion, now: Date): Promise<string> {
  const id = newId();
  const { seed } = champion;
  // Established champions joined over a year ago, so the year of demo sessions they gave time
  // to comes after their start; people still on the pipeline came forward in the last months.
  const established = champion.stage === 'active' || champion.stage === 'paused' || champion.stage === 'left';
  const start = new Date(now.getTime() - ((established ? 420 : 90) - seed) * DAY);
  await tx
    .insertInto('champions')
    .values({
      id,
      organisation_id: champion.organisationId,
      user_id: champion.userId,
      display_name: champion.name,
      email: champion.email,
      phone: seed % 3 === 0 ? `07700 900${String(100 + seed).slice(-3)}` : null,
      stage: champion.stage,
      stage_changed_at: new Date(start.getTime() + 7 * DAY * Math.max(0, PIPELINE.indexOf(champion.stage))),
      access_needs: seed % 7 === 0 ? 'Step-free access, please' : '',
      heard_via: HEARD[seed % HEARD.length] ?? '',
      created_at: start,
    })
    .execute();
  const tags = [
    { kind: 'interest' as const, value: INTEREST_KEYS[seed % INTEREST_KEYS.length] ?? 'walking' },
    { kind: 'interest' as const, value: INTEREST_KEYS[(seed * 3 + 1) % INTEREST_KEYS.length] ?? 'crafts' },
    ...(champion.availability ?? availabilityFor(seed)).map((value) => ({ kind: 'availability' as const, value })),
    { kind: 'language' as const, value: 'English' },
    ...(seed % 2 === 0 ? [{ kind: 'language' as const, value: LANGUAGES[seed % LANGUAGES.length] ?? 'Urdu' }] : []),
    { kind: 'skill' as const, value: SKILLS[seed % SKILLS.length] ?? 'baking' },
  ];
  await tx
    .insertInto('champion_tags')
    .values(tags.map((tag) => ({ ...tag, champion_id: id })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();

  const reached = ['paused', 'left'].includes(champion.stage) ? PIPELINE.length - 1 : PIPELINE.indexOf(champion.stage);
  const path: ChampionStage[] = [
    ...PIPELINE.slice(0, reached + 1),
    ...(['paused', 'left'].includes(champion.stage) ? [champion.stage] : []),
  ];
  for (const [step, stage] of path.entries()) {
    await tx
      .insertInto('champion_stage_history')
      .values({
        id: newId(),
        champion_id: id,
        from_stage: step === 0 ? null : (path[step - 1] ?? null),
        to_stage: stage,
        changed_by: step === 0 ? null : champion.coordinatorId,
        changed_at: new Date(start.getTime() + step * 7 * DAY),
      })
      .execute();
  }
  if (reached >= PIPELINE.indexOf('agreements') || champion.cleared) {
    await tx
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: id,
        level: 'enhanced_adult',
        issued_on: iso(new Date(start.getTime() + 20 * DAY)),
        certificate_reference: `0012${String(34_567_890 + seed).padStart(8, '0')}`,
        update_service: seed % 2 === 0,
        expires_on: seed % 5 === 0 ? iso(new Date(now.getTime() + 25 * DAY)) : iso(new Date(now.getTime() + 700 * DAY)),
        cleared_by: champion.coordinatorId,
      })
      .execute();
    for (const referee of ['Mary Referee', 'John Referee']) {
      await tx
        .insertInto('champion_references')
        .values({
          id: newId(),
          champion_id: id,
          referee_name: referee,
          received_on: iso(new Date(start.getTime() + 15 * DAY)),
          recorded_by: champion.coordinatorId,
        })
        .execute();
    }
    for (const course of ['Walk leader training', 'Safeguarding awareness', 'Confidentiality', 'Fire safety']) {
      await tx
        .insertInto('champion_training')
        .values({
          id: newId(),
          champion_id: id,
          course,
          completed_on: iso(new Date(start.getTime() + 25 * DAY)),
          expires_on: iso(new Date(now.getTime() + 1000 * DAY)),
          recorded_by: champion.coordinatorId,
        })
        .execute();
    }
  }
  if (reached >= PIPELINE.indexOf('induction') || champion.cleared) {
    const agreements = await tx
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', champion.organisationId)
      .execute();
    for (const agreement of agreements) {
      await tx
        .insertInto('champion_agreement_signatures')
        .values({
          id: newId(),
          champion_id: id,
          agreement_template_id: agreement.id,
          signed_by: champion.userId ?? champion.coordinatorId,
          on_behalf: champion.userId === null,
          note: champion.userId ? '' : 'Signed a paper copy',
          signed_at: new Date(start.getTime() + 35 * DAY),
        })
        .execute();
    }
  }
  if (reached >= PIPELINE.indexOf('active') || champion.cleared) {
    const items = await tx
      .selectFrom('champion_induction_items')
      .select('id')
      .where('organisation_id', '=', champion.organisationId)
      .execute();
    for (const item of items) {
      await tx
        .insertInto('champion_induction_ticks')
        .values({
          champion_id: id,
          item_id: item.id,
          ticked_by: champion.coordinatorId,
          ticked_at: new Date(start.getTime() + 40 * DAY),
        })
        .execute();
    }
  }
  // A pause has a return date and a departure an exit row, as the pause and leave pages record them.
  const movedOff = new Date(start.getTime() + (path.length - 1) * 7 * DAY);
  if (champion.stage === 'paused') {
    await tx
      .insertInto('champion_departures')
      .values({
        id: newId(),
        organisation_id: champion.organisationId,
        champion_id: id,
        kind: 'pause',
        return_on: iso(new Date(now.getTime() + (30 + seed) * DAY)),
        recorded_by: champion.coordinatorId,
        recorded_at: movedOff,
      })
      .execute();
  }
  if (champion.stage === 'left') {
    const answers = {
      reason: 'moving_away',
      experience: 'very_good',
      wouldReturn: 'maybe',
      wouldRecommend: 'yes',
      suggestion: '',
    };
    await tx
      .insertInto('champion_departures')
      .values({
        id: newId(),
        organisation_id: champion.organisationId,
        champion_id: id,
        kind: 'exit',
        left_on: iso(movedOff),
        exit_answers: JSON.stringify(answers),
        recorded_by: champion.coordinatorId,
        recorded_at: movedOff,
      })
      .execute();
  }
  return id;
}

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

/** Marks (in the audit trail) that the demo pipelines were filled, so a restart adds nobody after people move on. */
const PIPELINES_SEEDED = 'demo.pipelines-seeded';

/**
 * Makes sure every demo organisation that has champions has someone at every stage, from
 * interested to left, so each pipeline, talent register and retention page has something to show:
 * one generated person (with the records their stage implies) for each stage it lacks. An
 * organisation with no champions is left alone. Runs once per database (demo data loaded before
 * this existed gains them on the next start). Returns how many people it added.
 */
export async function ensureDemoPipelines(
  db: Kysely<Database>,
  odsCodes: readonly string[],
  domain: string,
  now: Date = new Date(),
): Promise<number> {
  return withTransaction(db, async (tx) => {
    if (
      await tx
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', PIPELINES_SEEDED)
        .limit(1)
        .executeTakeFirst()
    ) {
      return 0;
    }
    const organisations = await tx
      .selectFrom('organisations')
      .select(['id', 'ods_code'])
      .where('ods_code', 'in', [...odsCodes])
      .orderBy('ods_code')
      .execute();
    let added = 0;
    for (const [place, organisation] of organisations.entries()) {
      const present = new Set(
        (
          await tx
            .selectFrom('champions')
            .select('stage')
            .distinct()
            .where('organisation_id', '=', organisation.id)
            .execute()
        ).map((row) => row.stage),
      );
      if (present.size === 0) {
        continue;
      }
      const staff = await tx
        .selectFrom('memberships')
        .select(['user_id', 'role'])
        .where('organisation_id', '=', organisation.id)
        .where('role', 'in', ['coordinator', 'practice_manager'])
        .orderBy('role')
        .orderBy('user_id')
        .execute();
      const coordinatorId = staff[0]?.user_id ?? null;
      await ensureChampionDefaults(tx, organisation.id);
      for (const [index, stage] of STAGES.entries()) {
        if (present.has(stage)) {
          continue;
        }
        // Seeds from 40 up: different people from the Canal Street and Millbrook mix, started in the past.
        const seed = 40 + place * STAGES.length + index;
        const first = FIRST_NAMES[(seed * 3) % FIRST_NAMES.length] ?? 'Alex';
        const last = SURNAMES[(seed * 11) % SURNAMES.length] ?? 'Smith';
        const code = (organisation.ods_code ?? 'demo').toLowerCase();
        await addChampion(
          tx,
          {
            organisationId: organisation.id,
            name: `${first} ${last}`,
            email: `${first}.${last}.${code}.${seed}@${domain}`.toLowerCase(),
            stage,
            userId: null,
            seed: seed % 60,
            coordinatorId,
          },
          now,
        );
        added += 1;
      }
    }
    await tx
      .insertInto('audit_events')
      .values({ id: newId(), actor_user_id: null, action: PIPELINES_SEEDED, details: JSON.stringify({ added }) })
      .execute();
    return added;
  });
}
