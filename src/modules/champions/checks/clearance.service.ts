import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { londonToday } from '../../../lib/dates.ts';
import { isUuid } from '../../../lib/ids.ts';
import { CHECK_LEVEL_LABELS, levelSatisfies } from '../shared/champions.schemas.ts';
import type { CheckLevel } from '../champions.tables.ts';
import { clearanceRows, currentHoldersOfRole } from './clearance.repo.ts';

/** What stands between a champion and a role: empty when they are cleared. */
export interface Clearance {
  cleared: boolean;
  missing: string[];
}

/** One question for clearancesFor: is this champion cleared for this role on this day? */
export interface ClearanceQuestion {
  championId: string;
  roleTemplateId: string;
  /** The day (YYYY-MM-DD, UK) the champion must be cleared on: checks and training must not have expired by then. */
  on: string;
}

const NOT_IN_SCOPE: Clearance = { cleared: false, missing: ['This role or champion is not available'] };

/** What the rules need to know about one champion, loaded once for many questions. */
interface ChampionFacts {
  stage: string;
  checks: { level: CheckLevel; expires_on: unknown }[];
  references: number;
  training: { course: string; expires_on: unknown }[];
}

/** What a role template asks for. */
interface Requirements {
  check_level: CheckLevel;
  references_required: number;
  courses: string[];
}

/**
 * The one rule for clearance: a check decision at the required level or above and unexpired on
 * the day, enough references received, and every required training course done and unexpired
 * on the day. A champion who has left is never cleared.
 */
function judge(record: ChampionFacts, role: Requirements, on: string): Clearance {
  const current = (expires: unknown) => expires === null || String(expires) >= on;
  const missing: string[] = [];
  if (record.stage === 'left') {
    missing.push('They have left');
  }
  if (
    role.check_level !== 'none' &&
    !record.checks.some((check) => levelSatisfies(check.level, role.check_level) && current(check.expires_on))
  ) {
    missing.push(`A current ${CHECK_LEVEL_LABELS[role.check_level].toLowerCase()} DBS check`);
  }
  if (record.references < role.references_required) {
    const short = role.references_required - record.references;
    missing.push(`${short} more reference${short === 1 ? '' : 's'}`);
  }
  for (const course of role.courses) {
    if (
      !record.training.some(
        (training) => training.course.toLowerCase() === course.toLowerCase() && current(training.expires_on),
      )
    ) {
      missing.push(`Current training: ${course}`);
    }
  }
  return { cleared: missing.length === 0, missing };
}

/**
 * Answers many clearance questions at once (in the same order), loading each champion's checks,
 * references and training and each role's requirements once. A champion or role template outside
 * the scope is never cleared.
 */
export async function clearancesFor(
  db: Executor,
  scope: Scope,
  questions: readonly ClearanceQuestion[],
): Promise<Clearance[]> {
  const valid = questions.filter((question) => isUuid(question.championId) && isUuid(question.roleTemplateId));
  if (valid.length === 0 || scope.organisationIds.length === 0) {
    return questions.map(() => NOT_IN_SCOPE);
  }
  const championIds = [...new Set(valid.map((question) => question.championId))];
  const roleIds = [...new Set(valid.map((question) => question.roleTemplateId))];
  const rows = await clearanceRows(db, scope, championIds, roleIds);
  if (!rows) {
    return questions.map(() => NOT_IN_SCOPE);
  }
  const { champions, templates, checks, references, training, courses } = rows;
  const records = new Map<string, ChampionFacts>(
    champions.map((champion) => [
      champion.id,
      {
        stage: champion.stage,
        checks: checks
          .filter((check) => check.champion_id === champion.id)
          .map((check) => ({ level: check.level as CheckLevel, expires_on: check.expires_on })),
        references: Number(references.find((row) => row.champion_id === champion.id)?.received ?? 0),
        training: training.filter((row) => row.champion_id === champion.id),
      },
    ]),
  );
  const roles = new Map<string, Requirements>(
    templates.map((template) => [
      template.id,
      {
        check_level: template.check_level,
        references_required: template.references_required,
        courses: courses.filter((row) => row.role_template_id === template.id).map((row) => row.course),
      },
    ]),
  );
  return questions.map((question) => {
    const record = records.get(question.championId);
    const role = roles.get(question.roleTemplateId);
    return record && role ? judge(record, role, question.on) : NOT_IN_SCOPE;
  });
}

/**
 * Checks every requirement of a role template for one champion today (see judge for the rule).
 */
export async function clearanceFor(
  db: Executor,
  scope: Scope,
  championId: string,
  roleTemplateId: string,
  now: Date = new Date(),
): Promise<Clearance> {
  const [clearance] = await clearancesFor(db, scope, [{ championId, roleTemplateId, on: londonToday(now) }]);
  return clearance ?? NOT_IN_SCOPE;
}

/** True when the champion meets every requirement of the role template (see clearanceFor). */
export async function isClearedFor(
  db: Executor,
  scope: Scope,
  championId: string,
  roleTemplateId: string,
): Promise<boolean> {
  return (await clearanceFor(db, scope, championId, roleTemplateId)).cleared;
}

/**
 * The champions in scope who hold a role of this name now (given it and not ended) and are
 * cleared for it today: a check or course that has lapsed since they were given it counts.
 */
export async function clearedHoldersOf(
  db: Executor,
  scope: Scope,
  roleName: string,
  now: Date = new Date(),
): Promise<string[]> {
  const holders = await currentHoldersOfRole(db, scope, roleName);
  const today = londonToday(now);
  const answers = await clearancesFor(
    db,
    scope,
    holders.map((holder) => ({ championId: holder.champion_id, roleTemplateId: holder.role_template_id, on: today })),
  );
  return [...new Set(holders.filter((_holder, index) => answers[index]?.cleared).map((holder) => holder.champion_id))];
}
