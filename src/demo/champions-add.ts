import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import type { ChampionStage } from '../modules/champions/champions.tables.ts';
import {
  DAY,
  PIPELINE,
  INTEREST_KEYS,
  LANGUAGES,
  SKILLS,
  HEARD,
  iso,
  availabilityFor,
  type DemoChampion,
} from './champions-people.ts';

/** Adds one demo champion with tags, stage history and the records their stage implies. */
export async function addChampion(tx: Transaction<Database>, champion: DemoChampion, now: Date): Promise<string> {
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
