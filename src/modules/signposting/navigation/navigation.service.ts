import { recordAudit } from '../../../platform/audit/audit.ts';
import { type Scope, authorise } from '../../../platform/auth/policy.ts';
import { type ServiceContext, actorOf, inTransaction } from '../../../platform/context.ts';
import { ValidationError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import {
  PUBLIC,
  type SearchOutcome,
  findServices,
  freshnessOf,
  listNeeds,
  parseSearchQuery,
  searchForStaff,
} from '../../directory/index.ts';
import { normaliseEmail, normalisePhone } from '../shared/contact.rules.ts';
import { normaliseNhsNumber } from '../shared/nhs-number.rules.ts';
import { personIdByNhsNumber } from '../people/people.service.ts';
import type { NavigationForm } from './navigation.schemas.ts';
import { insertNavigationEvent } from './navigation.repo.ts';
import { type Destination, listingText } from './navigation.presenter.ts';

/** The scope of one organisation for care navigation: 404 with no standing there, 403 without the role. */
export function navigationScope(ctx: ServiceContext, organisationId: string): Promise<Scope> {
  return authorise(ctx.db, actorOf(ctx), 'signposting:navigate', organisationId);
}

/** Directory services by id that staff may point people to: published ones and the caller's own. */
export async function loadDestinations(
  ctx: ServiceContext,
  scope: Scope,
  ids: readonly string[],
): Promise<Destination[]> {
  if (ids.length === 0) {
    return [];
  }
  const now = ctx.clock.now();
  const found = [
    ...(await findServices(ctx.db, PUBLIC, ids)),
    ...(await findServices(ctx.db, { kind: 'scope', scope }, ids)),
  ];
  const byId = new Map(found.filter((service) => service.status === 'active').map((service) => [service.id, service]));
  return ids.flatMap((id) => {
    const service = byId.get(id);
    if (!service) {
      return [];
    }
    const freshness = freshnessOf(service, now);
    return [
      {
        id,
        name: service.name,
        phone: service.phones[0]?.number ?? null,
        url: service.url,
        mayBeOutOfDate: !freshness.fresh && freshness.colour === 'orange',
      },
    ];
  });
}

/** What the navigation page shows besides the form: the needs, and the inline search's results. */
export async function navigationPage(
  ctx: ServiceContext,
  organisationId: string,
  values: { q?: unknown; needs?: unknown; destinations?: unknown },
): Promise<{
  needs: { id: string; name: string }[];
  outcome: SearchOutcome | null;
  chosen: Destination[];
  searchError?: string;
}> {
  const scope = await navigationScope(ctx, organisationId);
  const needs = await listNeeds(ctx.db);
  const chosenIds = [values.destinations ?? []].flat().filter((id): id is string => typeof id === 'string');
  const chosen = await loadDestinations(ctx, scope, chosenIds.slice(0, 20));
  const q = typeof values.q === 'string' ? values.q.trim() : '';
  if (!q) {
    return { needs, outcome: null, chosen };
  }
  const query = parseSearchQuery({ q });
  if (!query.ok) {
    return { needs, outcome: null, chosen, searchError: query.errors.q ?? 'Check the search words' };
  }
  return { needs, outcome: await searchForStaff(ctx, query.query), chosen };
}

/**
 * Records a care-navigation conversation. A red flag keeps only that it was escalated (nothing
 * clinical, no needs, destinations or person); a declined one only that it was declined. Texts
 * and emails of the listings go through the notifier; entries that may be out of date are not
 * texted unless the navigator says so (S6). The contact used to send is not kept.
 */
export async function recordNavigation(
  ctx: ServiceContext,
  organisationId: string,
  form: NavigationForm,
): Promise<{ id: string; outcome: 'signposted' | 'declined' | 'red_flag' }> {
  const scope = await navigationScope(ctx, organisationId);
  const outcome = form.redFlag ? 'red_flag' : form.conversation === 'declined' ? 'declined' : 'signposted';
  const signposted = outcome === 'signposted';
  const destinations = signposted ? await loadDestinations(ctx, scope, form.destinations) : [];
  if (signposted && destinations.length !== form.destinations.length) {
    throw new ValidationError({ destinations: 'One of the services is no longer in the directory: search again' });
  }
  const needs = signposted ? new Set((await listNeeds(ctx.db)).map((term) => term.id)) : new Set<string>();
  if (form.needs.some((id) => signposted && !needs.has(id))) {
    throw new ValidationError({ needs: 'Select needs from the list' });
  }
  const texting = signposted && form.channels.includes('sms');
  const stale = destinations.filter((destination) => destination.mayBeOutOfDate);
  if (texting && stale.length > 0 && !form.sendStale) {
    throw new ValidationError({
      sendStale: `${stale.map((item) => item.name).join(', ')} may be out of date: untick it, or confirm you have checked it`,
    });
  }
  const nhsNumber = signposted && form.nhsNumber ? normaliseNhsNumber(form.nhsNumber) : null;
  const personId = nhsNumber ? await personIdByNhsNumber(ctx, scope, nhsNumber) : undefined;
  if (nhsNumber && !personId) {
    throw new ValidationError({
      nhsNumber: 'No one with this NHS number is recorded here: leave it blank, or add them first',
    });
  }
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    await insertNavigationEvent(tx.db, scope, {
      id,
      organisationId,
      navigatorUserId: actorOf(tx).userId,
      occurredAt: tx.clock.now(),
      source: form.source,
      outcome,
      needTermIds: signposted ? form.needs : [],
      channels: signposted ? form.channels : [],
      staleSent: texting && stale.length > 0,
      personId: personId ?? null,
      destinations: destinations.map((destination) => ({ serviceId: destination.id, serviceName: destination.name })),
    });
    await recordAudit(tx.db, tx.audit, {
      action: outcome === 'red_flag' ? 'signposting.red-flag-escalated' : 'signposting.navigation-recorded',
      subjectType: 'navigation-event',
      subjectId: id,
      organisationId,
      details: { outcome, destinations: destinations.length, personLinked: Boolean(personId) },
    });
    const body = listingText(destinations);
    if (texting) {
      await tx.notifier.sendSms(tx.db, { to: normalisePhone(form.phone ?? '') as string, body, organisationId });
    }
    const email = signposted && form.channels.includes('email') ? normaliseEmail(form.email ?? '') : null;
    if (email) {
      await tx.notifier.sendEmailToPerson(tx.db, {
        to: email,
        subject: 'Services that might help',
        body,
        organisationId,
      });
    }
    if (texting || email) {
      await recordAudit(tx.db, tx.audit, {
        action: 'signposting.listing-sent',
        subjectType: 'navigation-event',
        subjectId: id,
        organisationId,
        details: { sms: texting, email: Boolean(email), services: destinations.length },
      });
    }
  });
  return { id, outcome };
}
