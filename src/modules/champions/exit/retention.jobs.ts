import type { Kysely } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { trustedScope } from '../../../platform/auth/policy.ts';
import { endAllSessions } from '../../../platform/auth/session.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { revokeChampionInvitations } from '../recruitment/stage-moves.service.ts';
import {
  clearChampionRecord,
  clearLogIn,
  closeApplicant,
  formerChampionsDue,
  logInHoldings,
  markDeparturesMinimised,
  stalledApplicantsDue,
} from './retention.repo.ts';
import { removeChampionMembership } from './exit.repo.ts';

/** The daily job that minimises former champions' and stalled applicants' personal data. */
export const RETENTION_JOB = 'champions.retention';

/** The name a minimised champion (and their log-in) is shown under (the column cannot be empty). */
export const FORMER_CHAMPION = 'Former champion';
/** The name a minimised applicant who never became active is shown under. */
export const FORMER_APPLICANT = 'Former applicant';

/** Stages of someone who has not yet become active. */
const APPLICANT_STAGES = ['interested', 'conversation', 'role_offered', 'checks', 'agreements', 'induction'] as const;

/** The first day still inside the retention period, as YYYY-MM-DD. */
const cutoff = (today: Date) => today.toISOString().slice(0, 10);

/**
 * Clears one champion record's personal data: name, contact details, tags, notes they or others
 * wrote about them (on stage changes and signatures), check, reference and training records
 * (courses and dates say what the person did), receipts and exit answers. Hours and money rows
 * stay, so totals still add up, but no longer say whose they were or what was done. Emails still
 * kept for them in the outbox go too. Their log-in is minimised as well when it holds no role
 * anywhere any more.
 */
async function minimiseRecord(tx: Executor, championId: string, organisationId: string, name: string): Promise<void> {
  await revokeChampionInvitations(tx, organisationId, championId);
  const userId = await clearChampionRecord(tx, championId, name);
  if (userId) {
    await minimiseLogIn(tx, userId);
  }
}

/**
 * Minimises a former champion's log-in once it holds no role anywhere and no other live champion
 * record: the name becomes "Former champion", the email a unique address that can never be
 * delivered (.invalid is reserved), the password and two-factor secret are cleared, the account
 * is disabled and its sessions and reset links end. System administrators are never touched.
 * Returns true when it was minimised.
 */
export async function minimiseLogIn(tx: Executor, userId: string): Promise<boolean> {
  const { user, holdsRole, liveRecord } = await logInHoldings(tx, userId);
  if (!user || user.is_system_admin || holdsRole || liveRecord) {
    return false;
  }
  await clearLogIn(tx, userId, user.email, FORMER_CHAMPION);
  await endAllSessions(tx, userId);
  return true;
}

/**
 * Minimises the personal data of champions who left more than `retentionMonths` ago (see
 * minimiseRecord). Returns how many champions were minimised.
 */
export async function minimiseFormerChampions(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<number> {
  const due = await formerChampionsDue(db, cutoff(today), retentionMonths);
  for (const row of due) {
    await withTransaction(db, async (tx) => {
      await minimiseRecord(tx, row.champion_id, row.organisation_id, FORMER_CHAMPION);
      await markDeparturesMinimised(tx, row.champion_id);
      await recordAudit(
        tx,
        { actorUserId: null },
        {
          action: 'champion.minimised',
          subjectType: 'champion',
          subjectId: row.champion_id,
          organisationId: row.organisation_id,
        },
      );
    });
  }
  return due.length;
}

/**
 * Minimises applicants who never became active and whose record has not moved for
 * `retentionMonths`: their record is closed (moved to 'left', with an exit dated today that
 * is already minimised), their champion role here is removed, and their personal data goes as
 * for a former champion. Returns how many were minimised.
 */
export async function minimiseStalledApplicants(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<number> {
  const due = await stalledApplicantsDue(db, APPLICANT_STAGES, cutoff(today), retentionMonths);
  for (const row of due) {
    await withTransaction(db, async (tx) => {
      const stage = row.stage as (typeof APPLICANT_STAGES)[number];
      if (!(await closeApplicant(tx, row, stage, cutoff(today)))) {
        return; // someone moved them on meanwhile
      }
      if (row.user_id) {
        if (
          await removeChampionMembership(
            tx,
            trustedScope([row.organisation_id], 'job'),
            row.user_id,
            row.organisation_id,
          )
        ) {
          await recordAudit(
            tx,
            { actorUserId: null },
            {
              action: 'role.removed',
              subjectType: 'user',
              subjectId: row.user_id,
              organisationId: row.organisation_id,
              details: { role: 'champion', via: 'retention' },
            },
          );
        }
        await endAllSessions(tx, row.user_id);
      }
      await minimiseRecord(tx, row.id, row.organisation_id, FORMER_APPLICANT);
      await recordAudit(
        tx,
        { actorUserId: null },
        {
          action: 'champion.minimised',
          subjectType: 'champion',
          subjectId: row.id,
          organisationId: row.organisation_id,
          details: { applicant: true, stage: row.stage },
        },
      );
    });
  }
  return due.length;
}

/** The retention job: former champions first, then applicants who never became active. */
export async function runChampionRetention(
  db: Kysely<Database>,
  retentionMonths: number,
  today = new Date(),
): Promise<{ champions: number; applicants: number }> {
  return {
    champions: await minimiseFormerChampions(db, retentionMonths, today),
    applicants: await minimiseStalledApplicants(db, retentionMonths, today),
  };
}
