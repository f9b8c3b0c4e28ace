import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.ts';
import type { AuditSource } from '../platform/audit/audit.ts';
import type { Database } from '../platform/db/schema.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { newId } from '../lib/ids.ts';
import { addDays, londonToday } from '../lib/dates.ts';
import { HORIZON_DAYS } from '../modules/activities/schedules/session-generation.jobs.ts';
import { stableId } from '../modules/directory/index.ts';
import { DEMO_ACTIVITIES, type DemoActivity, type DemoOrg } from './activities-catalogue.ts';
import { ensureDemoChampions } from './activities-champions.ts';
import { addReviews, publishActivities, type ReviewSubject } from './activities-extras.ts';
import { addIntroductions } from './activities-introductions.ts';
import { loadRotaChampions } from './activities-people.ts';
import type { RotaChampion } from './activities-rota.ts';
import { type ActivityRows, addActivityRows, emptyRows } from './activities-rows.ts';
import { type SessionPlan, writeDemoSessions } from './activities-sessions.ts';

// About thirty champion-led activities across the demo practices, the care home and the
// network (activities-catalogue.ts), at every stage of their lifecycle, with a year of sessions
// behind them and twelve weeks ahead (activities-sessions.ts), warm introductions, sustain
// reviews and directory listings. Loaded once, in one transaction; a demo loaded before
// activities existed gains them the next time it starts.

/** The id of the first demo activity: when it exists, the demo activities are loaded. */
export const DEMO_ACTIVITIES_MARKER = stableId(`demo:activity:${DEMO_ACTIVITIES[0]?.key ?? ''}`);

const ODS: Record<DemoOrg, string> = {
  canal: 'Y99901',
  millbrook: 'Y99902',
  hillside: 'Y99903',
  rosecourt: 'DEMO01',
  riverside: 'U99001',
};
/** Who coordinates (assigns rota places, verifies hours, records reviews) in each demo organisation, by email local part. */
const COORDINATORS: Record<DemoOrg, string> = {
  canal: 'coordinator.canal',
  millbrook: 'manager.millbrook',
  hillside: 'manager.hillside',
  rosecourt: 'manager.rosecourt',
  riverside: 'coordinator.riverside',
};

/** The staff sponsor: a GP for Canal Street's health activities, the link worker for the network's parent walks, otherwise the manager. */
function sponsorOf(def: DemoActivity): string {
  if (def.org === 'canal') {
    return def.category === 'physical-activity' || def.category === 'condition-specific' ? 'gp.canal' : 'manager.canal';
  }
  return def.key === 'riverside-parent-walks' ? 'linkworker' : COORDINATORS[def.org];
}

/** Lead champions, cleared for every role the activity needs: Joan and one other for hers, otherwise one or two, people with log-ins first, spread out. */
function chooseLeads(
  def: DemoActivity,
  pool: readonly RotaChampion[],
  roleIds: readonly string[],
  joan: RotaChampion | undefined,
  turns: Map<string, number>,
): RotaChampion[] {
  if (def.status === 'idea') {
    return [];
  }
  const cleared = pool.filter(
    (champion) => roleIds.every((roleId) => champion.clearedNow.has(roleId)) && champion.personKey !== joan?.personKey,
  );
  const ranked = [...cleared].sort(
    (a, b) => (turns.get(a.id) ?? 0) - (turns.get(b.id) ?? 0) || Number(b.userId !== null) - Number(a.userId !== null),
  );
  const others = def.joanLeads ? 1 : def.roles.reduce((sum, [, places]) => sum + places, 0) > 1 ? 2 : 1;
  const withJoan =
    def.joanLeads === true && joan !== undefined && roleIds.every((roleId) => joan.clearedNow.has(roleId));
  const leads = [
    ...(withJoan && joan ? [joan] : []),
    ...ranked.slice(0, def.joanLeads && !withJoan ? others + 1 : others),
  ];
  for (const lead of leads) {
    turns.set(lead.id, (turns.get(lead.id) ?? 0) + 1);
  }
  return leads;
}

/** Writes the activities' rows, a statement per table. */
async function writeRows(tx: Transaction<Database>, rows: ActivityRows) {
  const activities = await tx.insertInto('activities').values(rows.activities).returningAll().execute();
  const schedules =
    rows.schedules.length === 0
      ? []
      : await tx.insertInto('activity_schedules').values(rows.schedules).returningAll().execute();
  if (rows.hosts.length > 0) {
    await tx.insertInto('activity_hosts').values(rows.hosts).execute();
  }
  if (rows.leads.length > 0) {
    await tx.insertInto('activity_leads').values(rows.leads).execute();
  }
  if (rows.roles.length > 0) {
    await tx.insertInto('activity_roles').values(rows.roles).execute();
  }
  await tx.insertInto('activity_status_history').values(rows.history).execute();
  if (rows.assessments.length > 0) {
    await tx.insertInto('activity_risk_assessments').values(rows.assessments).execute();
  }
  if (rows.exceptions.length > 0) {
    await tx.insertInto('activity_schedule_exceptions').values(rows.exceptions).execute();
  }
  return { activities, schedules };
}

/**
 * Loads the demo activities once, as of `now`: nothing happens when they are already there or
 * the demo organisations are missing. Returns how many it added.
 */
export async function seedDemoActivities(
  db: Kysely<Database>,
  config: Config,
  domain: string,
  options: { now?: Date; audit?: AuditSource } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  if (await db.selectFrom('activities').select('id').where('id', '=', DEMO_ACTIVITIES_MARKER).executeTakeFirst()) {
    return 0;
  }
  const found = await db
    .selectFrom('organisations')
    .select(['id', 'ods_code'])
    .where('ods_code', 'in', Object.values(ODS))
    .execute();
  const keys = Object.keys(ODS) as DemoOrg[];
  const orgs = Object.fromEntries(
    keys.map((key) => [key, found.find((row) => row.ods_code === ODS[key])?.id ?? '']),
  ) as Record<DemoOrg, string>;
  if (keys.some((key) => orgs[key] === '')) {
    return 0;
  }
  return withTransaction(db, async (tx) => {
    const today = londonToday(now);
    const people = await tx.selectFrom('users').select(['id', 'email']).where('email', 'like', `%@${domain}`).execute();
    const users = new Map(people.map((person) => [person.email, person.id]));
    const userOf = (local: string) => users.get(`${local}@${domain}`) ?? null;
    const coordinatorOf = (key: DemoOrg) => userOf(COORDINATORS[key]);
    await ensureDemoChampions(
      tx,
      { hillside: orgs.hillside, rosecourt: orgs.rosecourt, riverside: orgs.riverside },
      {
        hillside: coordinatorOf('hillside'),
        rosecourt: coordinatorOf('rosecourt'),
        riverside: coordinatorOf('riverside'),
      },
      domain,
      now,
    );
    const wanted = [...new Set(DEMO_ACTIVITIES.flatMap((def) => def.roles.map(([name]) => name)))];
    const templates = await tx
      .selectFrom('champion_role_templates')
      .select(['id', 'name', 'organisation_id'])
      .where('organisation_id', 'in', Object.values(orgs))
      .where('name', 'in', wanted)
      .execute();
    const templateOf = (organisationId: string, name: string) =>
      templates.find((template) => template.organisation_id === organisationId && template.name === name)?.id;
    const champions = await loadRotaChampions(
      tx,
      Object.values(orgs),
      new Set(templates.map((template) => template.id)),
      now,
    );
    const joan = champions.find(
      (champion) => champion.userId === userOf('champion') && champion.organisationId === orgs.canal,
    );
    // The idea the Canal Street champions' meeting marked for an activity, if there is one.
    const idea = await tx
      .selectFrom('champion_meeting_items')
      .select('id')
      .where('organisation_id', '=', orgs.canal)
      .where('kind', '=', 'idea')
      .where('status', '=', 'proposed_activity')
      .orderBy('created_at')
      .executeTakeFirst();

    const window = { from: addDays(today, -365), to: addDays(today, HORIZON_DAYS) };
    const rows = emptyRows();
    const turns = new Map<string, number>();
    const built: { def: DemoActivity; plan: SessionPlan; activeAt: Date; leaders: ReviewSubject['leaders'] }[] = [];
    for (const def of DEMO_ACTIVITIES) {
      const organisationId = orgs[def.org];
      const roles = def.roles.flatMap(([name, places]) => {
        const id = templateOf(organisationId, name);
        return id ? [{ role_template_id: id, places }] : [];
      });
      const leads = chooseLeads(
        def,
        champions.filter((champion) => champion.organisationId === organisationId),
        roles.map((role) => role.role_template_id),
        joan,
        turns,
      );
      const coordinatorId = coordinatorOf(def.org);
      const activity = addActivityRows(rows, def, {
        organisations: orgs,
        leads,
        roles,
        coordinatorId,
        sponsorId: userOf(sponsorOf(def)),
        meetingItemId: def.status === 'idea' ? (idea?.id ?? null) : null,
        now,
        today,
        window,
      });
      const cleared = leads.filter((lead) => roles.every((role) => lead.clearedNow.has(role.role_template_id))).length;
      built.push({
        def,
        activeAt: activity.activeAt,
        leaders: { leads: leads.length, cleared, rolesNeeded: roles.length },
        plan: {
          id: activity.id,
          def,
          organisationId,
          leads,
          roles,
          activeOn: activity.startsOn,
          pausedOn: def.status === 'paused' ? londonToday(activity.statusChangedAt) : null,
          recorderId: leads.find((lead) => lead.userId !== null)?.userId ?? coordinatorId,
          coordinatorId,
        },
      });
    }
    const written = await writeRows(tx, rows);
    const schedules = written.schedules.map((row) => ({
      row,
      exceptions: rows.exceptions.filter((skip) => skip.schedule_id === row.id).map((skip) => String(skip.on_date)),
    }));
    const sessions = await writeDemoSessions(
      tx,
      built.map(({ plan }) => plan),
      schedules,
      champions,
      { now, today, from: window.from, through: window.to, key: config.security.encryptionKey },
    );

    const rowOf = new Map(written.activities.map((row) => [row.id, row]));
    const subjects = built.flatMap(({ def, plan, activeAt, leaders }) => {
      const row = rowOf.get(plan.id);
      return row ? [{ def, row, reviewerId: plan.coordinatorId, activeAt, leaders }] : [];
    });
    const introductions = await addIntroductions(
      tx,
      new Map(subjects.map(({ def, row }) => [def.key, row])),
      users,
      config.security.encryptionKey,
      domain,
      now,
    );
    await addReviews(tx, subjects, sessions, introductions, now);
    const published = await publishActivities(tx, subjects, config.baseUrl);
    await tx
      .insertInto('audit_events')
      .values({
        id: newId(),
        actor_user_id: options.audit?.actorUserId ?? null,
        at: now,
        action: 'demo.activities-seeded',
        request_id: options.audit?.requestId ?? null,
        details: JSON.stringify({
          activities: subjects.length,
          sessions: sessions.length,
          delivered: sessions.filter((session) => session.status === 'delivered').length,
          published,
        }),
      })
      .execute();
    return subjects.length;
  });
}
