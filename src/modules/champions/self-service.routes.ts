import type { FastifyInstance } from 'fastify';
import { rolesGrant } from '../../platform/auth/roles.ts';
import { exitPages } from './exit.pages.ts';
import { RETENTION_JOB, runChampionRetention } from './exit.retention.ts';
import { expensePages } from './expenses.pages.ts';
import { expenseReviewPages } from './expenses.review.pages.ts';
import { exportPages } from './exports.pages.ts';
import { hoursPages } from './hours.pages.ts';
import { meetingPages } from './meetings.pages.ts';
import { mileageRatePages } from './mileage-rates.pages.ts';
import { selfServicePages } from './self-service.pages.ts';

/** Champion activity: self-service, hours, expenses, exports, meetings, pause and exit, and the mileage rate table. */
export async function championActivityPages(app: FastifyInstance): Promise<void> {
  await selfServicePages(app);
  await hoursPages(app);
  await expensePages(app);
  await expenseReviewPages(app);
  await exportPages(app);
  await meetingPages(app);
  await exitPages(app);
  await mileageRatePages(app);
  app.services.jobs.registerDaily(RETENTION_JOB, '03:15', async () => {
    await runChampionRetention(app.db, app.services.config.championRetentionMonths);
  });
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
  app.addNavigationItem({ text: 'Mileage rates', href: () => '/admin/mileage-rates', visible: (actor) => actor.isSystemAdmin });
  app.addNavigationItem({
    text: 'Meetings',
    href: (active) => `/organisations/${active}/champion-meetings`,
    visible: (_actor, active) => active !== null && rolesGrant(active.roles, 'champions:meetings'),
  });
}
