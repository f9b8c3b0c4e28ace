import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { signIn } from '../../test/helpers/agent.ts';
import { testWorld } from '../../test/helpers/test-app.ts';
import { decryptSecret } from '../platform/crypto.ts';
import { addDays, londonToday } from '../lib/dates.ts';
import { occurrencesBetween } from '../modules/activities/schedules/recurrence.rules.ts';
import { reviewFigures } from '../modules/activities/reviews/review-figures.service.ts';
import { extendSchedules, ruleOf } from '../modules/activities/schedules/session-generation.jobs.ts';
import { clearanceFor, sessionMinutes } from '../modules/champions/index.ts';
import { stableId } from '../modules/directory/index.ts';
import { DEMO_ACTIVITIES, EVERY_ACTIVITY_STATUS } from './activities-catalogue.ts';
import { DEMO_DOMAIN, DEMO_PASSWORD, seedDemo } from './seed.ts';
import { scopeOf } from '../../test/helpers/scope.ts';

const ids = DEMO_ACTIVITIES.map((def) => stableId(`demo:activity:${def.key}`));
const idOf = (key: string) => stableId(`demo:activity:${key}`);

describe('demo activities data', () => {
  test('about thirty activities at every stage, a year of seasonal sessions that reconcile with champion hours, loaded once', async () => {
    const { app, config } = await testWorld();
    await seedDemo(app.db, config);
    const { db } = app;
    const seeded = await db
      .selectFrom('audit_events')
      .select('at')
      .where('action', '=', 'demo.activities-seeded')
      .orderBy('at')
      .executeTakeFirstOrThrow();
    const today = londonToday(seeded.at);

    const activities = await db.selectFrom('activities').selectAll().where('id', 'in', ids).execute();
    assert.ok(activities.length >= 25, `${activities.length} demo activities`);
    assert.deepEqual([...new Set(activities.map((activity) => activity.status))].sort(), EVERY_ACTIVITY_STATUS);
    const idea = activities.find((activity) => activity.status === 'idea');
    const meetingIdea = await db
      .selectFrom('champion_meeting_items')
      .innerJoin('organisations', 'organisations.id', 'champion_meeting_items.organisation_id')
      .select('champion_meeting_items.id')
      .where('organisations.ods_code', '=', 'Y99901')
      .where('champion_meeting_items.status', '=', 'proposed_activity')
      .executeTakeFirst();
    assert.equal(idea?.meeting_item_id ?? null, meetingIdea?.id ?? null, 'the idea came from the champions’ meeting');
    const assessed = await db
      .selectFrom('activity_risk_assessments')
      .select('activity_id')
      .distinct()
      .where('activity_id', 'in', ids)
      .execute();
    assert.deepEqual(
      assessed.map((row) => row.activity_id).sort(),
      activities
        .filter((activity) => !['idea', 'proposed'].includes(activity.status))
        .map((activity) => activity.id)
        .sort(),
      'risk assessed from "risk assessed" on',
    );
    const history = await db
      .selectFrom('activity_status_history')
      .select(['activity_id', 'to_status', 'changed_at'])
      .where('activity_id', 'in', ids)
      .orderBy('changed_at')
      .execute();
    for (const activity of activities) {
      assert.equal(
        history.filter((move) => move.activity_id === activity.id).at(-1)?.to_status,
        activity.status,
        `${activity.name}: history ends at its status`,
      );
    }
    const registers = activities.filter((activity) => activity.named_register_reason !== null);
    assert.equal(registers.length, 1, 'one activity (a children’s group) keeps a named register');

    // A year of sessions, most delivered, with reasons for the cancelled ones.
    const sessions = await db.selectFrom('activity_sessions').selectAll().where('activity_id', 'in', ids).execute();
    const delivered = sessions.filter((session) => session.status === 'delivered');
    assert.ok(
      delivered.filter((session) => session.local_date >= addDays(today, -365)).length >= 1000,
      `${delivered.length} delivered sessions`,
    );
    assert.ok(sessions.some((session) => session.status === 'cancelled' && /Bank holiday/.test(session.cancel_reason)));
    assert.ok(sessions.some((session) => session.status === 'cancelled' && /Snow/.test(session.cancel_reason)));
    assert.ok(
      sessions.filter((session) => session.local_date > today && session.status === 'scheduled').length > 100,
      'twelve weeks ahead',
    );
    for (const session of delivered) {
      const routed =
        session.referred_self + session.referred_reception + session.referred_gp + session.referred_link_worker;
      assert.ok(
        session.head_count !== null &&
          session.new_attendees !== null &&
          session.new_attendees <= session.head_count &&
          routed <= session.head_count,
        'new people and referrals within the head-count',
      );
      assert.ok(session.recorded_at && session.local_date <= today);
    }
    assert.ok(
      delivered.filter((session) => session.incident_flagged).every((session) => session.incident_routed_at !== null),
    );
    assert.ok(
      delivered.some((session) => session.incident_flagged),
      'an incident flag or two',
    );
    const flu = delivered.filter((session) => session.activity_id === idOf('canal-flu'));
    assert.ok(
      flu.length > 0 &&
        flu.every(
          (session) => ['10', '11'].includes(session.local_date.slice(5, 7)) && (session.people_supported ?? 0) >= 100,
        ),
      'flu clinics in the autumn, supporting hundreds',
    );
    assert.ok(
      delivered
        .filter((session) => session.people_supported !== null)
        .every((session) => ['canal-flu', 'canal-greeting'].some((key) => idOf(key) === session.activity_id)),
    );

    // Walks thin out in winter.
    const walks = new Set(DEMO_ACTIVITIES.filter((def) => def.pattern === 'walk').map((def) => idOf(def.key)));
    const mean = (months: string[]) => {
      const counts = delivered
        .filter((session) => walks.has(session.activity_id) && months.includes(session.local_date.slice(5, 7)))
        .map((session) => session.head_count ?? 0);
      return counts.reduce((sum, count) => sum + count, 0) / Math.max(1, counts.length);
    };
    assert.ok(
      mean(['12', '01', '02']) < mean(['05', '06', '07']),
      `walks: ${mean(['12', '01', '02'])} in winter, ${mean(['05', '06', '07'])} in early summer`,
    );

    // Sessions are the ones the schedules produce, and the daily job has nothing left to make.
    const schedules = await db.selectFrom('activity_schedules').selectAll().where('activity_id', 'in', ids).execute();
    const skipped = await db
      .selectFrom('activity_schedule_exceptions')
      .select(['schedule_id', 'on_date'])
      .where(
        'schedule_id',
        'in',
        schedules.map((schedule) => schedule.id),
      )
      .execute();
    for (const schedule of schedules) {
      const from = [addDays(today, -365), schedule.starts_on].sort().at(-1) ?? schedule.starts_on;
      const expected = occurrencesBetween(
        ruleOf(
          schedule,
          skipped.filter((skip) => skip.schedule_id === schedule.id).map((skip) => String(skip.on_date)),
        ),
        from,
        schedule.generated_until ?? today,
      );
      const actual = sessions
        .filter((session) => session.schedule_id === schedule.id)
        .map((session) => session.starts_at.getTime())
        .sort((a, b) => a - b);
      assert.deepEqual(
        actual,
        expected.map((occurrence) => occurrence.startsAt.getTime()),
        `schedule ${schedule.rrule} of ${schedule.activity_id}`,
      );
    }
    assert.equal(await extendSchedules(db, seeded.at), 0);

    // Champion time: one session row per champion on the rota, reconciling with the champions module.
    const sessionIds = sessions.map((session) => session.id);
    const hours = await db.selectFrom('champion_hours').selectAll().where('session_id', 'in', sessionIds).execute();
    const places = await db
      .selectFrom('activity_rota_places')
      .selectAll()
      .where('session_id', 'in', sessionIds)
      .execute();
    const byId = new Map(sessions.map((session) => [session.id, session]));
    for (const row of hours) {
      const session = byId.get(row.session_id ?? '');
      assert.equal(session?.status, 'delivered');
      assert.equal(row.category, 'session');
      assert.equal(String(row.worked_on), session?.local_date);
      assert.ok(
        places.some((place) => place.session_id === row.session_id && place.champion_id === row.champion_id),
        'on the rota',
      );
    }
    const minutes = await sessionMinutes(
      db,
      delivered.map((session) => session.id),
    );
    assert.equal(
      [...minutes.values()].reduce((sum, value) => sum + value, 0),
      hours.reduce((sum, row) => sum + row.minutes, 0),
    );
    assert.ok(
      hours.filter((row) => row.status === 'verified').length > hours.length / 2,
      'older hours mostly verified',
    );
    const canal = (
      await db.selectFrom('organisations').select('id').where('ods_code', '=', 'Y99901').executeTakeFirstOrThrow()
    ).id;
    const coordinator = await signIn(app, {
      id: '',
      email: `coordinator.canal@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
      displayName: 'Dawn Mitchell',
    });
    const totals = await coordinator.get(`/organisations/${canal}/activity-totals`);
    assert.equal(totals.statusCode, 200);
    assert.match(totals.body, /Canal towpath health walk/);

    // Reviews hold the figures the module works out.
    const reviews = await db.selectFrom('activity_reviews').selectAll().where('activity_id', 'in', ids).execute();
    assert.ok(reviews.length >= 2);
    for (const review of reviews.filter((each) => ['pause', 'adapt'].includes(each.outcome))) {
      const activity = activities.find((each) => each.id === review.activity_id);
      assert.ok(activity);
      assert.deepEqual(
        review.figures,
        await reviewFigures(db, activity, { from: review.period_start, to: review.period_end }),
      );
    }

    // Nobody is in two places at once (a person may be a champion at two practices), and only cleared champions hold places.
    const clashes = await sql<{ n: number }>`
      select count(*)::int as n from activity_rota_places a
      join activity_sessions sa on sa.id = a.session_id and sa.status <> 'cancelled'
      join champions ca on ca.id = a.champion_id
      join activity_rota_places b on b.id <> a.id and b.champion_id is not null
      join activity_sessions sb on sb.id = b.session_id and sb.status <> 'cancelled'
      join champions cb on cb.id = b.champion_id
      where coalesce(ca.user_id, ca.id) = coalesce(cb.user_id, cb.id) and sa.starts_at < sb.ends_at and sb.starts_at < sa.ends_at`.execute(
      db,
    );
    assert.equal(clashes.rows[0]?.n, 0);
    const pairs = [
      ...new Set(
        places
          .filter((place) => place.champion_id !== null)
          .map((place) => `${place.champion_id}|${place.role_template_id}|${place.organisation_id}`),
      ),
    ];
    for (const pair of pairs) {
      const [championId = '', roleId = '', organisationId = ''] = pair.split('|');
      assert.ok(
        (await clearanceFor(db, scopeOf(organisationId), championId, roleId)).cleared,
        `champion ${championId} cleared for ${roleId}`,
      );
    }

    // Joan Walker has open places to take, and a session of hers to record today or from yesterday.
    const joan = await signIn(app, {
      id: '',
      email: `champion@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
      displayName: 'Joan Walker',
    });
    await joan.postForm('/organisations/switch', { organisationId: canal, returnTo: '/champion/rota' });
    const rota = await joan.get('/champion/rota');
    assert.match(rota.body, /data-open-place=/, 'open places she is cleared for');
    const toRecord = await joan.get('/champion/sessions');
    const waiting = sessions.filter(
      (session) =>
        ['canal-walk', 'canal-park-walk', 'canal-greeting'].some((key) => idOf(key) === session.activity_id) &&
        session.status === 'scheduled' &&
        session.local_date >= addDays(today, -1) &&
        session.local_date <= today,
    );
    assert.ok(waiting.length > 0, 'one of her activities met today or yesterday');
    for (const session of waiting) {
      assert.match(toRecord.body, new RegExp(`href="/sessions/${session.id}/record"`));
    }

    // Introductions wait, encrypted; what is running is in the directory and the ORUK feed.
    const introductions = await db
      .selectFrom('activity_introductions')
      .select(['first_name_enc', 'status'])
      .where('activity_id', 'in', ids)
      .execute();
    assert.ok(introductions.filter((row) => row.status === 'pending').length >= 3);
    assert.ok(
      introductions.every((row) => !/Margaret|Doreen/.test(row.first_name_enc)) &&
        introductions.some((row) => decryptSecret(config.security.encryptionKey, row.first_name_enc) === 'Margaret'),
    );
    const listed = activities.filter((activity) => activity.status === 'active' && activity.public);
    assert.ok(listed.length >= 15);
    for (const activity of listed) {
      const feed = await app.inject({
        method: 'GET',
        url: `/oruk/services?search=${encodeURIComponent(activity.name)}&per_page=50`,
      });
      const page = feed.json() as { contents: { id: string }[] };
      assert.ok(
        page.contents.some((service) => service.id === activity.directory_service_id),
        `${activity.name} in the ORUK feed`,
      );
    }
    const whatsOn = await app.inject({ method: 'GET', url: '/practices/Y99901/whats-on' });
    assert.match(whatsOn.body, /Knit and natter/);

    // Seeding again changes nothing.
    const count = async () => {
      const result = await sql<{
        n: string;
      }>`select (select count(*) from activities) + (select count(*) from activity_sessions)
        + (select count(*) from activity_rota_places) + (select count(*) from champion_hours)
        + (select count(*) from activity_reviews) + (select count(*) from activity_introductions)
        + (select count(*) from champions) as n`.execute(db);
      return result.rows[0]?.n;
    };
    const before = await count();
    await seedDemo(app.db, config);
    assert.equal(await count(), before);
  });
});
