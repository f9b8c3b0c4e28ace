import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { hashToken } from '../../lib/ids.ts';
import { championRecordPages } from './champion-record.pages.ts';
import { recruitmentPages } from './recruitment.pages.ts';
import { REMINDER_JOB, sendExpiryReminders } from './reminders.ts';
import { linkChampionAccounts } from './recruitment.service.ts';
import { championActivityPages } from './self-service.routes.ts';
import { settingsPages } from './settings.pages.ts';
import { talentPages } from './talent.pages.ts';

// What other modules (and the rest of champions: hours, expenses, meetings, exit, self-service) use.
export { isClearedFor, clearanceFor, clearancesFor, type Clearance } from './clearance.ts';
export { onChampionDeparture, runDepartureHandlers, type ChampionDeparture, type DepartureHandler } from './departures.ts';
export { coordinatorEmails, findChampionForUser, linkChampionAccounts } from './recruitment.service.ts';
export { findChampion } from './recruitment.repo.ts';
export { manageScope, viewScope } from './champions.scope.ts';
export { directoryResearchOrganisations, roleTemplatesIn, rolesOf } from './roles.service.ts';
export { STAGES, STAGE_LABELS, CHECK_LEVEL_LABELS } from './champions.schemas.ts';
export type { ChampionRow, ChampionStage, CheckLevel, RoleTemplateRow } from './champions.tables.ts';
export { replaceSessionHours, listSessionHours, sessionMinutes, type SessionTime, type SessionHoursChange } from './session-hours.ts';
export { formatMinutes } from './exports.format.ts';
export { WAITING_STAGES, countClaimsWaiting, countHoursWaiting, countLapsingBetween, countWaitingApplicants } from './work-counts.repo.ts';

/**
 * Practice health champions: public recruitment, the pipeline, role templates and checks,
 * agreements, induction and the talent register, plus the activity routes registered below.
 */
async function champions(app: FastifyInstance): Promise<void> {
  await recruitmentPages(app);
  await talentPages(app);
  await settingsPages(app);
  await championRecordPages(app);

  // ---- Champion activity (hours, expenses, meetings, pause/exit, self-service) ----
  // Registered here by the engineer who owns champion-hours.*, expenses.*, meetings.*, exit.*
  // and self-service.*: add `await xxxPages(app);` lines in this block.
  await championActivityPages(app);
  // ---- end of champion activity ----

  app.services.jobs.registerDaily(REMINDER_JOB, '06:30', async () => {
    await sendExpiryReminders(app.db, app.services.notifier, app.services.config);
  });

  // An accepted invitation links the champion record with the same email to the new log-in.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && request.routeOptions.url === '/invitations/:token' && reply.statusCode < 400) {
      const token = (request.params as { token?: string }).token ?? '';
      try {
        const accepted = await app.db
          .selectFrom('invitations')
          .innerJoin('users', 'users.id', 'invitations.accepted_by')
          .select(['users.id', 'users.email'])
          .where('invitations.token_hash', '=', hashToken(token))
          .where('invitations.role', '=', 'champion')
          .executeTakeFirst();
        if (accepted) {
          await linkChampionAccounts(app.db, accepted.id, accepted.email);
        }
      } catch (error) {
        request.log.error({ err: error }, 'could not link champion to account');
      }
    }
    return payload;
  });

  app.addNavigationItem({
    text: 'Champions',
    href: (active) => `/organisations/${active}/champions`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:view'),
  });
  app.addNavigationItem({
    text: 'Agreements',
    href: (active) => `/organisations/${active}/my-agreements`,
    visible: (_actor, active) => active !== null && active.roles.includes('champion') && !rolesGrant(active.roles, 'champions:view'),
  });
}

export default fp(champions, { name: 'champions', dependencies: ['accounts', 'navigation', 'organisations'] });

// Read contracts for other modules
export { activeChampionsIn, championsByIds, championsInNameOrder, championsOfUser, championsSharingLogIn, lockChampionIn, type ChampionPerson } from './contracts/champion-people.repo.ts';
export { roleTemplateNames } from './contracts/role-names.repo.ts';
export { expensesOnSessionDays, sessionHasTime, type SessionDayExpenses } from './contracts/session-time.repo.ts';
export { findIdeaOrigin, listActivityIdeas } from './contracts/meeting-ideas.repo.ts';
