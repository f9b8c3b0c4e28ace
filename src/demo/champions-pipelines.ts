import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../lib/ids.ts';
import { ensureChampionDefaults } from '../modules/champions/settings/champion-defaults.service.ts';
import { STAGES } from '../modules/champions/shared/champions.schemas.ts';
import { addChampion } from './champions-add.ts';
import { FIRST_NAMES, SURNAMES } from './champions-people.ts';

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
