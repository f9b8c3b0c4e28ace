import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { provideDirectoryResearch } from '../directory/index.ts';
import { agreementPages } from './agreements/agreements.pages.ts';
import { checksPages } from './checks/checks.pages.ts';
import { REMINDER_JOB, sendExpiryReminders } from './checks/expiry-reminders.jobs.ts';
import { exitPages } from './exit/exit.pages.ts';
import { RETENTION_JOB, runChampionRetention } from './exit/retention.jobs.ts';
import { expenseReviewPages } from './expenses/expense-review.pages.ts';
import { expensePages } from './expenses/expenses.pages.ts';
import { mileageRatePages } from './expenses/mileage-rates.pages.ts';
import { newClaimPages } from './expenses/new-claim.pages.ts';
import { exportPages } from './exports/exports.pages.ts';
import { hoursPages } from './hours/hours.pages.ts';
import { inductionPages } from './induction/induction.pages.ts';
import { meetingPages } from './meetings/meetings.pages.ts';
import { recordPages } from './record/record.pages.ts';
import { talentPages } from './record/talent.pages.ts';
import { recruitmentPages } from './recruitment/recruitment.pages.ts';
import { linkAcceptedInvitation } from './recruitment/recruitment.service.ts';
import { rolesPages } from './roles/roles.pages.ts';
import { directoryResearchOrganisations } from './roles/roles.service.ts';
import { selfServicePages } from './self-service/self-service.pages.ts';

// What other modules use.
export { isClearedFor, clearanceFor, clearancesFor, type Clearance } from './checks/clearance.service.ts';
export {
  onChampionDeparture,
  runDepartureHandlers,
  type ChampionDeparture,
  type DepartureHandler,
} from './exit/departures.service.ts';
export { coordinatorEmails, findChampionForUser, linkChampionAccounts } from './recruitment/recruitment.service.ts';
export { manageScope, viewScope } from './shared/champions.policy.ts';
export { directoryResearchOrganisations } from './roles/roles.service.ts';
export { STAGES, STAGE_LABELS, CHECK_LEVEL_LABELS } from './shared/champions.schemas.ts';
export type { ChampionRow, ChampionStage, CheckLevel, RoleTemplateRow } from './champions.tables.ts';
export {
  replaceSessionHours,
  listSessionHours,
  sessionMinutes,
  type SessionTime,
  type SessionHoursChange,
} from './hours/session-hours.service.ts';
export {
  provideChampionSessions,
  type ChampionSession,
  type ChampionSessionsSource,
  type ChampionSessionWindow,
} from './hours/champion-sessions.service.ts';
export { formatMinutes } from './shared/format.presenter.ts';
export {
  WAITING_STAGES,
  countClaimsWaiting,
  countHoursWaiting,
  countLapsingBetween,
  countWaitingApplicants,
} from './contracts/work-counts.repo.ts';

/**
 * Practice health champions: public recruitment, the pipeline, role templates and checks,
 * agreements, induction, the talent register, hours, expenses, meetings, pause and exit, and self-service.
 */
async function champions(app: FastifyInstance): Promise<void> {
  provideDirectoryResearch(directoryResearchOrganisations);
  await recruitmentPages(app);
  await recordPages(app);
  await talentPages(app);
  await checksPages(app);
  await rolesPages(app);
  await agreementPages(app);
  await inductionPages(app);
  await selfServicePages(app);
  await hoursPages(app);
  await expensePages(app);
  await newClaimPages(app);
  await expenseReviewPages(app);
  await mileageRatePages(app);
  await exportPages(app);
  await meetingPages(app);
  await exitPages(app);

  app.services.jobs.registerDaily(RETENTION_JOB, '03:15', async () => {
    await runChampionRetention(app.db, app.services.config.championRetentionMonths);
  });
  app.services.jobs.registerDaily(REMINDER_JOB, '06:30', async () => {
    await sendExpiryReminders(app.db, app.services.notifier, app.services.config);
  });

  // An accepted invitation links the champion record with the same email to the new log-in.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && request.routeOptions.url === '/invitations/:token' && reply.statusCode < 400) {
      const token = (request.params as { token?: string }).token ?? '';
      try {
        await linkAcceptedInvitation(app.db, token);
      } catch (error) {
        request.log.error({ err: error }, 'could not link champion to account');
      }
    }
    return payload;
  });

  // Navigation, in the order the menu shows it.
  app.addNavigationItem({
    text: 'My champion page',
    href: () => '/champion',
    visible: (_actor, active) => active !== null && active.roles.includes('champion'),
  });
  app.addNavigationItem({
    text: 'Hours',
    href: (active) => `/organisations/${active}/champion-hours`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:verify-hours'),
  });
  app.addNavigationItem({
    text: 'Expenses',
    href: (active) => `/organisations/${active}/expense-claims`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:approve-expenses'),
  });
  app.addNavigationItem({
    text: 'Mileage rates',
    href: () => '/admin/mileage-rates',
    visible: (actor) => actor.isSystemAdmin,
  });
  app.addNavigationItem({
    text: 'Meetings',
    href: (active) => `/organisations/${active}/champion-meetings`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:meetings'),
  });
  app.addNavigationItem({
    text: 'Champions',
    href: (active) => `/organisations/${active}/champions`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:view'),
  });
  app.addNavigationItem({
    text: 'Agreements',
    href: (active) => `/organisations/${active}/my-agreements`,
    visible: (_actor, active) =>
      active !== null && active.roles.includes('champion') && !rolesGrant(active.roles, 'champions:view'),
  });
}

export default fp(champions, { name: 'champions', dependencies: ['accounts', 'navigation', 'organisations'] });

// Read contracts for other modules
export {
  activeChampionsIn,
  championsByIds,
  championsInNameOrder,
  championsOfUser,
  championsSharingLogIn,
  lockChampionIn,
  type ChampionPerson,
} from './contracts/champion-people.repo.ts';
export { roleTemplateNames, roleTemplatesIn } from './contracts/role-templates.repo.ts';
export { expensesOnSessionDays, sessionHasTime, type SessionDayExpenses } from './contracts/session-time.repo.ts';
export { findIdeaOrigin, listActivityIdeas } from './contracts/meeting-ideas.repo.ts';
