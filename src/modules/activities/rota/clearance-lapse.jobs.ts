import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import type { Notifier } from '../../../platform/notify/notifier.ts';
import { clearancesFor, coordinatorEmails } from '../../champions/index.ts';
import { sessionLabel } from './rota.service.ts';

/** The nightly job's name. */
export const CLEARANCE_LAPSE_JOB = 'activities.clearance-lapse';

/** A place to release: the session, the role and what the holder will be missing on the day. */
interface LapsedPlace {
  placeId: string;
  organisationId: string;
  championId: string;
  championName: string;
  championEmail: string | null;
  roleName: string;
  session: { activity_name: string; starts_at: Date; ends_at: Date };
  missing: string[];
}

/** Places held on sessions still to come, with what the clearance rule needs. */
async function heldPlaces(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('activity_rota_places')
    .innerJoin('activity_sessions', 'activity_sessions.id', 'activity_rota_places.session_id')
    .innerJoin('activities', 'activities.id', 'activity_sessions.activity_id')
    .innerJoin('champion_role_templates', 'champion_role_templates.id', 'activity_rota_places.role_template_id')
    .innerJoin('champions', 'champions.id', 'activity_rota_places.champion_id')
    .select([
      'activity_rota_places.id',
      'activity_rota_places.organisation_id',
      'activity_rota_places.role_template_id',
      'champions.id as champion_id',
      'champions.display_name',
      'champions.email',
      'champion_role_templates.name as role_name',
      'activity_sessions.starts_at',
      'activity_sessions.ends_at',
      'activity_sessions.local_date',
      'activities.name as activity_name',
    ])
    .where('activity_sessions.status', '=', 'scheduled')
    .where('activity_sessions.starts_at', '>', now)
    .orderBy('activity_sessions.starts_at')
    .execute();
}

/**
 * The places whose holder will not be cleared for the role on the session's date: a DBS check or
 * course that expires before then (or any other requirement no longer met). The same rule as
 * taking a place (the champions module's clearance), asked for the session's day, not today's.
 */
export async function findLapsedPlaces(db: Kysely<Database>, now: Date = new Date()): Promise<LapsedPlace[]> {
  const places = await heldPlaces(db, now);
  const lapsed: LapsedPlace[] = [];
  for (const organisationId of new Set(places.map((place) => place.organisation_id))) {
    const here = places.filter((place) => place.organisation_id === organisationId);
    const answers = await clearancesFor(db, trustedScope([organisationId], 'job'), here.map((place) => ({ championId: place.champion_id, roleTemplateId: place.role_template_id, on: String(place.local_date) })));
    here.forEach((place, index) => {
      const answer = answers[index];
      if (answer && !answer.cleared) {
        lapsed.push({
          placeId: place.id,
          organisationId,
          championId: place.champion_id,
          championName: place.display_name,
          championEmail: place.email,
          roleName: place.role_name,
          session: { activity_name: place.activity_name, starts_at: place.starts_at, ends_at: place.ends_at },
          missing: answer.missing,
        });
      }
    });
  }
  return lapsed;
}

/** "- Canal walk on Tuesday 3 March 2026, 10am to 11am, as Walk leader. Missing on the day: A current basic DBS check" */
function placeLine(place: LapsedPlace): string {
  return `- ${sessionLabel(place.session)}, as ${place.roleName}. Missing on the day: ${place.missing.join('; ')}`;
}

/**
 * The nightly job: releases places on sessions still to come whose holder will no longer be
 * cleared for the role on the session's date (a check or training that lapses before then),
 * so nobody turns up to a role they may not do. The coordinators (or practice managers) and the
 * champion are emailed, once per champion, naming each session, the role and what lapsed. A
 * released place is open again, so a second run finds nothing more. Returns the places released.
 */
export async function releaseLapsedPlaces(db: Kysely<Database>, notifier: Notifier, config: Config, now: Date = new Date()): Promise<number> {
  const lapsed = await findLapsedPlaces(db, now);
  let released = 0;
  for (const key of new Set(lapsed.map((place) => `${place.organisationId}:${place.championId}`))) {
    const places = lapsed.filter((place) => `${place.organisationId}:${place.championId}` === key);
    const first = places[0];
    if (!first) {
      continue;
    }
    await withTransaction(db, async (tx) => {
      // Only places still held by them (someone may have changed the rota since the search).
      const freed = await tx
        .updateTable('activity_rota_places')
        .set({ champion_id: null, assigned_by: null, assigned_at: null })
        .where('id', 'in', places.map((place) => place.placeId))
        .where('champion_id', '=', first.championId)
        .where('session_id', 'in', (eb) => eb.selectFrom('activity_sessions').select('id').where('status', '=', 'scheduled').where('starts_at', '>', now))
        .returning('id')
        .execute();
      const gone = places.filter((place) => freed.some((row) => row.id === place.placeId));
      if (gone.length === 0) {
        return;
      }
      released += gone.length;
      await recordAudit(tx, { actorUserId: null }, { action: 'activity.rota-released-on-lapse', subjectType: 'champion', subjectId: first.championId, organisationId: first.organisationId, details: { places: gone.length, roles: [...new Set(gone.map((place) => place.roleName))] } });
      const organisation = await tx.selectFrom('organisations').select('name').where('id', '=', first.organisationId).executeTakeFirstOrThrow();
      const lines = gone.map(placeLine);
      for (const to of await coordinatorEmails(tx, first.organisationId)) {
        await notifier.sendEmail(tx, {
          to,
          organisationId: first.organisationId,
          subject: `Rota places released: ${first.championName} is not cleared for them`,
          body: [
            `${first.championName} will no longer be cleared for these rota places at ${organisation.name}, so we have released them and they are open again:`,
            '',
            ...lines,
            '',
            `Renew what lapsed on their record: ${config.baseUrl}/organisations/${first.organisationId}/champions/${first.championId}`,
          ].join('\n'),
        });
      }
      if (first.championEmail) {
        await notifier.sendEmail(tx, {
          to: first.championEmail,
          organisationId: first.organisationId,
          subject: `Your rota places at ${organisation.name} have been released`,
          body: [
            `Hello ${first.championName},`,
            '',
            `By the day of these sessions you will no longer be cleared for the role, so we have taken you off the rota for them:`,
            '',
            ...lines,
            '',
            'Your coordinator will be in touch about renewing it. Thank you for all you do.',
          ].join('\n'),
        });
      }
    });
  }
  return released;
}
