import type { Transaction } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { levelSatisfies } from '../modules/champions/shared/champions.schemas.ts';
import type { CheckLevel } from '../modules/champions/champions.tables.ts';
import { londonToday } from '../lib/dates.ts';
import type { RotaChampion } from './activities-rota.ts';

const DAY = 86_400_000;

/**
 * The active champions of the demo organisations with their availability, and the role
 * templates each is cleared for today and in three weeks' time. The rule is the champions
 * module's clearanceFor (a current check at the role's level, enough references, every
 * required course current), worked out for everyone from five queries instead of six per
 * champion and role; activities-seed.int.test.ts checks the result against clearanceFor.
 */
export async function loadRotaChampions(
  tx: Transaction<Database>,
  organisationIds: readonly string[],
  roleIds: ReadonlySet<string>,
  now: Date,
): Promise<RotaChampion[]> {
  const rows = await tx
    .selectFrom('champions')
    .select(['id', 'organisation_id', 'user_id', 'display_name', 'email'])
    .where('organisation_id', 'in', [...organisationIds])
    .where('stage', '=', 'active')
    .orderBy('display_name')
    .orderBy('email')
    .execute();
  if (rows.length === 0 || roleIds.size === 0) {
    return [];
  }
  const championIds = rows.map((row) => row.id);
  const templates = await tx
    .selectFrom('champion_role_templates')
    .select(['id', 'organisation_id', 'check_level', 'references_required'])
    .where('id', 'in', [...roleIds])
    .execute();
  const courses = await tx
    .selectFrom('champion_role_training')
    .select(['role_template_id', 'course'])
    .where('role_template_id', 'in', [...roleIds])
    .execute();
  const checks = await tx
    .selectFrom('champion_checks')
    .select(['champion_id', 'level', 'expires_on'])
    .where('champion_id', 'in', championIds)
    .execute();
  const references = await tx
    .selectFrom('champion_references')
    .select('champion_id')
    .where('champion_id', 'in', championIds)
    .execute();
  const training = await tx
    .selectFrom('champion_training')
    .select(['champion_id', 'course', 'expires_on'])
    .where('champion_id', 'in', championIds)
    .execute();
  const tags = await tx
    .selectFrom('champion_tags')
    .select(['champion_id', 'value'])
    .where('kind', '=', 'availability')
    .where('champion_id', 'in', championIds)
    .execute();

  const clearedOn = (championId: string, template: (typeof templates)[number], day: string): boolean => {
    const current = (expires: unknown) => expires === null || String(expires) >= day;
    if (
      template.check_level !== 'none' &&
      !checks.some(
        (check) =>
          check.champion_id === championId &&
          levelSatisfies(check.level as CheckLevel, template.check_level) &&
          current(check.expires_on),
      )
    ) {
      return false;
    }
    if (references.filter((reference) => reference.champion_id === championId).length < template.references_required) {
      return false;
    }
    return courses
      .filter((course) => course.role_template_id === template.id)
      .every(({ course }) =>
        training.some(
          (done) =>
            done.champion_id === championId &&
            done.course.toLowerCase() === course.toLowerCase() &&
            current(done.expires_on),
        ),
      );
  };
  const today = londonToday(now);
  const later = londonToday(new Date(now.getTime() + 21 * DAY));
  return rows.map((row) => {
    const own = templates.filter((template) => template.organisation_id === row.organisation_id);
    return {
      id: row.id,
      organisationId: row.organisation_id,
      userId: row.user_id,
      name: row.display_name,
      personKey: row.user_id ?? row.id,
      availability: new Set(tags.filter((tag) => tag.champion_id === row.id).map((tag) => tag.value)),
      clearedNow: new Set(own.filter((template) => clearedOn(row.id, template, today)).map((template) => template.id)),
      clearedLater: new Set(
        own.filter((template) => clearedOn(row.id, template, later)).map((template) => template.id),
      ),
    };
  });
}
