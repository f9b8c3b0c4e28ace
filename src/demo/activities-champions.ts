import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { newId } from '../lib/ids.ts';
import { ensureChampionDefaults } from '../modules/champions/settings/champion-defaults.service.ts';
import { PIPELINE } from './champions-people.ts';

const DAY = 86_400_000;
const COURSES = ['Walk leader training', 'Safeguarding awareness', 'Confidentiality', 'Fire safety'];

/** Champions for the demo organisations the champions demo leaves without any, by organisation key. */
const LONG_STANDING: Record<'hillside' | 'rosecourt' | 'riverside', { name: string; availability: string[] }[]> = {
  hillside: [
    { name: 'Nasreen Akhtar', availability: ['mon_morning', 'wed_morning', 'fri_afternoon'] },
    { name: 'Gareth Lloyd', availability: ['mon_morning', 'wed_evening'] },
    { name: 'Wendy Firth', availability: ['wed_morning', 'fri_afternoon', 'wed_evening'] },
    { name: 'Imran Hussain', availability: ['mon_morning', 'wed_evening', 'fri_afternoon'] },
    { name: 'Lorraine Booth', availability: ['wed_morning', 'fri_afternoon'] },
  ],
  rosecourt: [
    { name: 'Patricia Dunn', availability: ['wed_afternoon', 'sun_afternoon'] },
    { name: 'Sean Murphy', availability: ['wed_afternoon', 'sun_afternoon'] },
    { name: 'Val Horsfall', availability: ['wed_afternoon', 'sun_afternoon', 'thu_morning'] },
  ],
  riverside: [
    { name: 'Kath Wilson', availability: ['thu_morning', 'sat_morning'] },
    { name: 'Ravi Desai', availability: ['thu_morning', 'sat_morning', 'sat_afternoon'] },
    { name: 'Pat Morgan', availability: ['thu_morning', 'sat_afternoon'] },
    { name: 'Sunil Mehta', availability: ['sat_morning', 'sat_afternoon'] },
  ],
};

const iso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Gives Hillside, Rose Court and the Riverside network the role templates, agreements and
 * induction every organisation starts with, and a few long-standing active champions, cleared
 * for every default role (checks, references, training, agreements and induction done well over
 * a year ago), so their activities have leads and a rota. An organisation that already has
 * champions is left alone. Inserts in a handful of multi-row statements.
 */
export async function ensureDemoChampions(
  tx: Transaction<Database>,
  organisations: Record<'hillside' | 'rosecourt' | 'riverside', string>,
  coordinators: Record<string, string | null>,
  domain: string,
  now: Date,
): Promise<void> {
  for (const [key, organisationId] of Object.entries(organisations) as [
    'hillside' | 'rosecourt' | 'riverside',
    string,
  ][]) {
    await ensureChampionDefaults(tx, organisationId);
    const existing = await tx
      .selectFrom('champions')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .limit(1)
      .executeTakeFirst();
    if (existing) {
      continue;
    }
    const coordinatorId = coordinators[key] ?? null;
    const agreements = await tx
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    const items = await tx
      .selectFrom('champion_induction_items')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .execute();
    const templates = await tx
      .selectFrom('champion_role_templates')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const people = LONG_STANDING[key];
    const rows = people.map((person, index) => {
      const start = new Date(now.getTime() - (480 + index * 9) * DAY);
      return { id: newId(), person, index, start };
    });
    await tx
      .insertInto('champions')
      .values(
        rows.map(({ id, person, index, start }) => ({
          id,
          organisation_id: organisationId,
          user_id: null,
          display_name: person.name,
          email: `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`,
          phone: index % 2 === 0 ? `07700 900${String(500 + index).slice(-3)}` : null,
          stage: 'active' as const,
          stage_changed_at: new Date(start.getTime() + 6 * 7 * DAY),
          heard_via: 'staff',
          created_at: start,
        })),
      )
      .execute();
    await tx
      .insertInto('champion_tags')
      .values(
        rows.flatMap(({ id, person }) => [
          { champion_id: id, kind: 'language' as const, value: 'English' },
          ...person.availability.map((value) => ({ champion_id: id, kind: 'availability' as const, value })),
        ]),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    await tx
      .insertInto('champion_stage_history')
      .values(
        rows.flatMap(({ id, start }) =>
          PIPELINE.map((stage, step) => ({
            id: newId(),
            champion_id: id,
            from_stage: step === 0 ? null : (PIPELINE[step - 1] ?? null),
            to_stage: stage,
            changed_by: step === 0 ? null : coordinatorId,
            changed_at: new Date(start.getTime() + step * 7 * DAY),
          })),
        ),
      )
      .execute();
    await tx
      .insertInto('champion_checks')
      .values(
        rows.map(({ id, index, start }) => ({
          id: newId(),
          champion_id: id,
          level: 'enhanced_adult',
          issued_on: iso(new Date(start.getTime() + 20 * DAY)),
          certificate_reference: `0013${String(45_678_900 + index).padStart(8, '0')}`,
          update_service: true,
          expires_on: iso(new Date(now.getTime() + 600 * DAY)),
          cleared_by: coordinatorId,
        })),
      )
      .execute();
    await tx
      .insertInto('champion_references')
      .values(
        rows.flatMap(({ id, start }) =>
          ['Mary Referee', 'John Referee'].map((referee) => ({
            id: newId(),
            champion_id: id,
            referee_name: referee,
            received_on: iso(new Date(start.getTime() + 15 * DAY)),
            recorded_by: coordinatorId,
          })),
        ),
      )
      .execute();
    await tx
      .insertInto('champion_training')
      .values(
        rows.flatMap(({ id, start }) =>
          COURSES.map((course) => ({
            id: newId(),
            champion_id: id,
            course,
            completed_on: iso(new Date(start.getTime() + 25 * DAY)),
            expires_on: iso(new Date(now.getTime() + 900 * DAY)),
            recorded_by: coordinatorId,
          })),
        ),
      )
      .execute();
    if (agreements.length > 0) {
      await tx
        .insertInto('champion_agreement_signatures')
        .values(
          rows.flatMap(({ id, start }) =>
            agreements.map((agreement) => ({
              id: newId(),
              champion_id: id,
              agreement_template_id: agreement.id,
              signed_by: coordinatorId,
              on_behalf: true,
              note: 'Signed a paper copy',
              signed_at: new Date(start.getTime() + 35 * DAY),
            })),
          ),
        )
        .execute();
    }
    if (items.length > 0) {
      await tx
        .insertInto('champion_induction_ticks')
        .values(
          rows.flatMap(({ id, start }) =>
            items.map((item) => ({
              champion_id: id,
              item_id: item.id,
              ticked_by: coordinatorId,
              ticked_at: new Date(start.getTime() + 40 * DAY),
            })),
          ),
        )
        .execute();
    }
    const roles = templates.filter((template) =>
      ['Walk leader', 'Activity host', 'Befriender'].includes(template.name),
    );
    if (roles.length > 0) {
      await tx
        .insertInto('champion_role_assignments')
        .values(
          rows.flatMap(({ id }) =>
            roles.map((role) => ({
              id: newId(),
              champion_id: id,
              role_template_id: role.id,
              assigned_by: coordinatorId,
            })),
          ),
        )
        .execute();
    }
  }
}
