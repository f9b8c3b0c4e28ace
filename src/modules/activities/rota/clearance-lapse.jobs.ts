import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { withTransaction } from '../../../platform/db/transaction.ts';
import type { Notifier } from '../../../platform/notify/notifier.ts';
import { championsByIds, clearancesFor, coordinatorEmails, roleTemplateNames } from '../../champions/index.ts';
import { findOrganisationName } from '../shared/activity-records.repo.ts';
import { listHeldPlacesAhead, releasePlacesStillHeld } from './clearance-lapse.repo.ts';
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

/** Places held on sessions still to come, with the holder's name and email and the role's name. */
async function heldPlaces(db: Kysely<Database>, now: Date) {
  const places = await listHeldPlacesAhead(db, now);
  const held = [];
  for (const organisationId of new Set(places.map((place) => place.organisation_id))) {
    const here = places.filter((place) => place.organisation_id === organisationId);
    const people = await championsByIds(
      db,
      trustedScope([organisationId], 'job'),
      here.flatMap((place) => (place.champion_id ? [place.champion_id] : [])),
    );
    const roles = new Map(
      (
        await roleTemplateNames(
          db,
          here.map((place) => place.role_template_id),
        )
      ).map((role) => [role.id, role.name]),
    );
    for (const place of here) {
      const person = people.get(place.champion_id ?? '');
      const roleName = roles.get(place.role_template_id);
      if (person && roleName !== undefined) {
        held.push({
          ...place,
          champion_id: person.id,
          display_name: person.displayName,
          email: person.email,
          role_name: roleName,
        });
      }
    }
  }
  return held;
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
    const answers = await clearancesFor(
      db,
      trustedScope([organisationId], 'job'),
      here.map((place) => ({
        championId: place.champion_id,
        roleTemplateId: place.role_template_id,
        on: String(place.local_date),
      })),
    );
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
export async function releaseLapsedPlaces(
  db: Kysely<Database>,
  notifier: Notifier,
  config: Config,
  now: Date = new Date(),
): Promise<number> {
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
      const scope = trustedScope([first.organisationId], 'job');
      const freed = await releasePlacesStillHeld(
        tx,
        scope,
        places.map((place) => place.placeId),
        first.championId,
        now,
      );
      const gone = places.filter((place) => freed.some((row) => row.id === place.placeId));
      if (gone.length === 0) {
        return;
      }
      released += gone.length;
      await recordAudit(
        tx,
        { actorUserId: null },
        {
          action: 'activity.rota-released-on-lapse',
          subjectType: 'champion',
          subjectId: first.championId,
          organisationId: first.organisationId,
          details: { places: gone.length, roles: [...new Set(gone.map((place) => place.roleName))] },
        },
      );
      const organisation = await findOrganisationName(tx, scope, first.organisationId);
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
