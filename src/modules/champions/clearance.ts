import type { Scope } from '../../platform/auth/policy.ts';
import type { Executor } from '../../platform/db/transaction.ts';
import { isUuid } from '../../lib/ids.ts';
import { CHECK_LEVEL_LABELS, levelSatisfies } from './champions.schemas.ts';
import type { CheckLevel } from './champions.tables.ts';

/** What stands between a champion and a role: empty when they are cleared. */
export interface Clearance {
  cleared: boolean;
  missing: string[];
}

const NOT_IN_SCOPE: Clearance = { cleared: false, missing: ['This role or champion is not available'] };

/** Today as YYYY-MM-DD in UK time, for comparing with date columns. */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Checks every requirement of a role template for one champion: a check decision at the
 * required level or above and unexpired, enough references received, and every required
 * training course done and unexpired. A champion who has left is never cleared.
 */
export async function clearanceFor(db: Executor, scope: Scope, championId: string, roleTemplateId: string, now: Date = new Date()): Promise<Clearance> {
  if (!isUuid(championId) || !isUuid(roleTemplateId) || scope.organisationIds.length === 0) {
    return NOT_IN_SCOPE;
  }
  const champion = await db.selectFrom('champions').select(['id', 'stage']).where('id', '=', championId).where('organisation_id', 'in', scope.organisationIds).executeTakeFirst();
  const template = await db.selectFrom('champion_role_templates').selectAll().where('id', '=', roleTemplateId).where('organisation_id', 'in', scope.organisationIds).executeTakeFirst();
  if (!champion || !template) {
    return NOT_IN_SCOPE;
  }
  const today = todayIso(now);
  const missing: string[] = [];
  if (champion.stage === 'left') {
    missing.push('They have left');
  }
  if (template.check_level !== 'none') {
    const checks = await db.selectFrom('champion_checks').select(['level', 'expires_on']).where('champion_id', '=', championId).execute();
    const good = checks.some((check) => levelSatisfies(check.level as CheckLevel, template.check_level) && (check.expires_on === null || String(check.expires_on) >= today));
    if (!good) {
      missing.push(`A current ${CHECK_LEVEL_LABELS[template.check_level].toLowerCase()} DBS check`);
    }
  }
  if (template.references_required > 0) {
    const received = await db.selectFrom('champion_references').select(db.fn.countAll<number>().as('n')).where('champion_id', '=', championId).executeTakeFirst();
    const count = Number(received?.n ?? 0);
    if (count < template.references_required) {
      missing.push(`${template.references_required - count} more reference${template.references_required - count === 1 ? '' : 's'}`);
    }
  }
  const courses = await db.selectFrom('champion_role_training').select('course').where('role_template_id', '=', roleTemplateId).orderBy('course').execute();
  if (courses.length > 0) {
    const done = await db.selectFrom('champion_training').select(['course', 'expires_on']).where('champion_id', '=', championId).execute();
    for (const { course } of courses) {
      const current = done.some((training) => training.course.toLowerCase() === course.toLowerCase() && (training.expires_on === null || String(training.expires_on) >= today));
      if (!current) {
        missing.push(`Current training: ${course}`);
      }
    }
  }
  return { cleared: missing.length === 0, missing };
}

/** True when the champion meets every requirement of the role template (see clearanceFor). */
export async function isClearedFor(db: Executor, scope: Scope, championId: string, roleTemplateId: string): Promise<boolean> {
  return (await clearanceFor(db, scope, championId, roleTemplateId)).cleared;
}
