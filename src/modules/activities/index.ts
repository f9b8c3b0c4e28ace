import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { activityPages } from './activities.pages.ts';
import { CLEARANCE_LAPSE_JOB, releaseLapsedPlaces } from './clearance-lapse.ts';
import { reviewPages } from './reviews.pages.ts';
import { schedulePages } from './schedules.pages.ts';
import { sessionRecordPages } from './session-record.pages.ts';
import { whatsOnPages } from './whats-on.pages.ts';

// ---- What other modules may use ----
export type { ActivityRow, ActivitySessionRow, ActivityStatus } from './activities.tables.ts';
export { syncActivityListing } from './publishing.ts';
export { deliversAsStaff, londonDate } from './session-record.access.ts';
export { countSessionsOn, findNextRotaPlace, type NextRotaPlace } from './work-counts.repo.ts';

/**
 * Champion-led activities: the lifecycle from idea to closed, risk assessments, schedules and
 * sessions with a rota, session delivery (offline too), the public "what's on" with iCalendar
 * feeds, sustain reviews and the link to the directory.
 */
async function activities(app: FastifyInstance): Promise<void> {
  await activityPages(app);
  await schedulePages(app);
  await sessionRecordPages(app);
  await whatsOnPages(app);
  await reviewPages(app);
  app.services.jobs.registerDaily(CLEARANCE_LAPSE_JOB, '02:50', async () => {
    await releaseLapsedPlaces(app.db, app.services.notifier, app.services.config);
  });
}

export default fp(activities, { name: 'activities', dependencies: ['champions', 'directory', 'navigation', 'organisations'] });

// Read contracts for other modules
export { listChampionSessions, type ChampionSession } from './contracts/champion-sessions.repo.ts';
