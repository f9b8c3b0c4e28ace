import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { buildActivity, buildRoleTemplate, buildSession } from '../../../../test/helpers/activity-factories.ts';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { buildChampionWorld, type ChampionWorld } from '../../champions/self-service/self-service.fixtures.ts';
import type { DeliveryMode } from '../activities.tables.ts';

/** A practice with champions Alice and Bob on the rota of a session today (tests only). */
export interface SessionWorld extends ChampionWorld {
  activityId: string;
  roleTemplateId: string;
  sessionId: string;
  activityName: string;
}

/** A date some days before today in London, as YYYY-MM-DD (tests only). */
export function daysAgo(days: number): string {
  return DateTime.now().setZone('Europe/London').minus({ days }).toISODate() ?? '';
}

/** Gives champions places on a session's rota (tests only). */
export async function putOnRota(
  db: Kysely<Database>,
  sessionId: string,
  roleTemplateId: string,
  championIds: readonly string[],
): Promise<void> {
  const session = await db
    .selectFrom('activity_sessions')
    .select('organisation_id')
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  for (const [index, championId] of championIds.entries()) {
    await db
      .insertInto('activity_rota_places')
      .values({
        id: newId(),
        session_id: sessionId,
        organisation_id: session.organisation_id,
        role_template_id: roleTemplateId,
        position: index + 1,
        champion_id: championId,
        assigned_at: new Date(),
      })
      .execute();
  }
}

/** A new session of an activity with Alice and Bob on its rota (tests only). */
export async function buildRotaSession(
  db: Kysely<Database>,
  world: Pick<SessionWorld, 'activityId' | 'roleTemplateId' | 'alice' | 'bob'>,
  options: { date?: string; minutes?: number; startTime?: string } = {},
): Promise<string> {
  const sessionId = await buildSession(db, world.activityId, options);
  await putOnRota(db, sessionId, world.roleTemplateId, [world.alice.championId, world.bob.championId]);
  return sessionId;
}

/**
 * A practice with a coordinator, champions Alice and Bob, an active activity and a 90-minute
 * session today with both on its rota (tests only).
 */
export async function buildSessionWorld(
  db: Kysely<Database>,
  options: { namedRegisterReason?: string | null; deliveryMode?: DeliveryMode; networkId?: string } = {},
): Promise<SessionWorld> {
  const world = await buildChampionWorld(db);
  if (options.networkId) {
    await db
      .updateTable('organisations')
      .set({ parent_id: options.networkId })
      .where('id', '=', world.practiceId)
      .execute();
  }
  const activityName = `Canal walk ${newId().slice(-6)}`;
  const activityId = await buildActivity(db, world.practiceId, {
    name: activityName,
    status: 'active',
    namedRegisterReason: options.namedRegisterReason ?? null,
    deliveryMode: options.deliveryMode ?? 'group',
  });
  const roleTemplateId = await buildRoleTemplate(db, world.practiceId);
  const sessionId = await buildRotaSession(
    db,
    { ...world, activityId, roleTemplateId },
    { minutes: 90, startTime: '00:30' },
  );
  return { ...world, activityId, roleTemplateId, sessionId, activityName };
}

/** The form fields of a record: the given champions ticked with their times, then the overrides (tests only). */
export function recordFields(
  times: Record<string, [number, number]>,
  overrides: Record<string, string> = {},
): [string, string][] {
  const fields: [string, string][] = [
    ['idempotencyKey', crypto.randomUUID()],
    ['recordedAt', new Date().toISOString()],
    ['headCount', '11'],
    ['newAttendees', '9'],
    ['referredReception', '2'],
  ];
  for (const [championId, [hours, minutes]] of Object.entries(times)) {
    fields.push(
      ['helped', championId],
      [`hours-${championId}`, String(hours)],
      [`minutes-${championId}`, String(minutes)],
    );
  }
  const kept = fields.filter(([name]) => !(name in overrides));
  return [...kept, ...Object.entries(overrides)];
}

/** Posts the record form as a browser would (tests only). */
export async function postRecordForm(agent: Agent, sessionId: string, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  body.set('_csrf', await agent.csrfToken());
  return agent.request({
    method: 'POST',
    url: `/sessions/${sessionId}/record`,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** Minutes from "2 hours 5 minutes" as the champions pages show them (tests only). */
export function minutesFromText(text: string): number {
  const hours = /([\d,]+) hours?/.exec(text)?.[1] ?? '0';
  const minutes = /(\d+) minutes?/.exec(text)?.[1] ?? '0';
  return Number(hours.replace(/,/g, '')) * 60 + Number(minutes);
}
