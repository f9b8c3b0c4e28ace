import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { onChampionDeparture, provideChampionSessions } from '../champions/index.ts';
import { listChampionSessions } from './contracts/champion-sessions.repo.ts';
import { introductionPages } from './introductions/introductions.pages.ts';
import { activityPages } from './lifecycle/activities.pages.ts';
import { REVIEW_REMINDER_JOB, sendReviewReminders } from './reviews/review-reminders.jobs.ts';
import { reviewPages } from './reviews/reviews.pages.ts';
import { riskAssessmentPages } from './risk-assessment/risk-assessment.pages.ts';
import { championRotaPages } from './rota/champion-rota.pages.ts';
import { CLEARANCE_LAPSE_JOB, releaseLapsedPlaces } from './rota/clearance-lapse.jobs.ts';
import { freePlacesOnDeparture } from './rota/rota.service.ts';
import { sessionPages } from './rota/sessions.pages.ts';
import { extendSchedules, GENERATE_SESSIONS_JOB } from './schedules/session-generation.jobs.ts';
import { schedulePages } from './schedules/schedules.pages.ts';
import { deliversAsStaff } from './session-record/session-access.policy.ts';
import { sessionRecordApi } from './session-record/session-record.api.ts';
import { sessionRecordPages } from './session-record/session-record.pages.ts';
import { sessionTotalsPages } from './session-record/session-totals.pages.ts';
import { sessionsTodayPages } from './session-record/sessions-today.pages.ts';
import { setPublicBaseUrl } from './whats-on/publishing.service.ts';
import { whatsOnPages } from './whats-on/whats-on.pages.ts';

// ---- What other modules may use ----
export type { ActivityRow, ActivitySessionRow, ActivityStatus } from './activities.tables.ts';
export { syncActivityListing } from './whats-on/publishing.service.ts';
export { deliversAsStaff, londonDate } from './session-record/session-access.policy.ts';
export { countSessionsOn } from './contracts/work-counts.repo.ts';
export { findNextRotaPlace, type NextRotaPlace } from './rota/next-rota-place.service.ts';

/** The module's navigation items, in the order the header shows them. */
function addNavigation(app: FastifyInstance): void {
  app.addNavigationItem({
    text: 'Activities',
    href: (active) => `/organisations/${active}/activities`,
    visible: (_actor, active) =>
      active !== null &&
      (rolesGrant(active.roles, 'activities:view') || rolesGrant(active.roles, 'activities:propose')),
  });
  app.addNavigationItem({
    text: 'Sessions',
    href: (active) => `/organisations/${active}/sessions`,
    visible: (_actor, active) => active !== null && deliversAsStaff(active.roles),
  });
  app.addNavigationItem({
    text: 'Your sessions',
    href: () => '/champion/sessions',
    visible: (_actor, active) => active !== null && active.roles.includes('champion') && !deliversAsStaff(active.roles),
  });
}

/** The daily jobs: sessions generated ahead, lapsed clearances released, reviews due reminded. */
function addJobs(app: FastifyInstance): void {
  app.services.jobs.registerDaily(GENERATE_SESSIONS_JOB, '02:40', async () => {
    await extendSchedules(app.db);
  });
  app.services.jobs.registerDaily(REVIEW_REMINDER_JOB, '07:00', async () => {
    await sendReviewReminders(app.db, app.services.notifier, app.services.config);
  });
  app.services.jobs.registerDaily(CLEARANCE_LAPSE_JOB, '02:50', async () => {
    await releaseLapsedPlaces(app.db, app.services.notifier, app.services.config);
  });
}

/**
 * Champion-led activities: the lifecycle from idea to closed, risk assessments, schedules and
 * sessions with a rota, session delivery (offline too), the public "what's on" with iCalendar
 * feeds, sustain reviews and the link to the directory. The only place the module's routes,
 * jobs, navigation and hooks are registered.
 */
async function activities(app: FastifyInstance): Promise<void> {
  // Directory listings link to the public "what's on" page of their activity.
  setPublicBaseUrl(app.services.config.baseUrl);
  addNavigation(app);

  await activityPages(app);
  await riskAssessmentPages(app);
  await schedulePages(app);
  await sessionPages(app);
  await championRotaPages(app);
  await sessionRecordPages(app);
  await sessionRecordApi(app);
  await sessionsTodayPages(app);
  await sessionTotalsPages(app);
  await whatsOnPages(app);
  await introductionPages(app);
  await reviewPages(app);

  addJobs(app);
  onChampionDeparture('activities.rota', freePlacesOnDeparture);
  provideChampionSessions(listChampionSessions);
}

export default fp(activities, {
  name: 'activities',
  dependencies: ['champions', 'directory', 'navigation', 'organisations'],
});

// Read contracts for other modules
export { listChampionSessions, type ChampionSession } from './contracts/champion-sessions.repo.ts';
