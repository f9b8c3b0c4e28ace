import { trustedScope } from '../../../platform/auth/policy.ts';
import { DateTime } from 'luxon';
import { type Executor, withTransaction } from '../../../platform/db/transaction.ts';
import { newId } from '../../../lib/ids.ts';
import { type ServiceStatus, findService, locatePostcode, upsertService } from '../../directory/index.ts';
import { findOrganisation } from '../shared/activity-records.repo.ts';
import { type ListingState, listingContent } from './publishing.presenter.ts';
import { lockActivityForListing, schedulesByStart, setDirectoryService, skippedDatesFrom } from './publishing.repo.ts';

/** Months until a newly published listing is due its first check (the activity taxonomy's interval). */
const FIRST_REVIEW_MONTHS = 3;

let publicBaseUrl: string | null = null;

/**
 * Sets the public site's address that listings link to (their activity's "what's on" page).
 * `syncActivityListing` takes only a database handle, as every caller has one, so the address
 * comes from configuration once at start-up: the activities plugin calls this with
 * `config.baseUrl`. It is the same for every process of a deployment. Until it is set,
 * listings are written without a link.
 */
export function setPublicBaseUrl(url: string): void {
  publicBaseUrl = url.replace(/\/+$/, '');
}

/**
 * Keeps an activity's directory entry in step with the activity: an active, public activity
 * is a published, active directory service (with its schedules, venue, cost and taxonomy
 * terms); a paused one is "temporarily closed"; a closed or private one is unpublished.
 * Idempotent; call it inside the transaction of any change to an activity or its schedules.
 * The directory keeps the entry's history, so nothing else is audited here.
 */
export async function syncActivityListing(
  db: Executor,
  activityId: string,
  by: { userId: string | null },
): Promise<void> {
  await withTransaction(db, async (tx) => {
    const activity = await lockActivityForListing(tx, activityId);
    if (!activity) {
      return;
    }
    // The change to the activity was authorised; its listing follows it.
    const scope = trustedScope([activity.organisation_id], 'linked');
    const existing = activity.directory_service_id
      ? await findService(tx, { kind: 'scope', scope }, activity.directory_service_id)
      : undefined;
    const listable = activity.status === 'active' && activity.public;
    if (!listable && !existing) {
      // Never listed (or its entry is gone) and nothing to show: leave the directory alone.
      return;
    }
    const organisation = await findOrganisation(tx, scope, activity.organisation_id);
    if (!organisation) {
      throw new Error(`The organisation of activity ${activity.id} is missing`);
    }
    const now = DateTime.now().setZone('Europe/London');
    const today = now.toISODate() ?? '';
    const schedules = await schedulesByStart(tx, scope, activity.id);
    const skipped = await skippedDatesFrom(
      tx,
      scope,
      schedules.map((schedule) => schedule.id),
      today,
    );
    const exceptions = new Map<string, string[]>();
    for (const row of skipped) {
      exceptions.set(row.schedule_id, [...(exceptions.get(row.schedule_id) ?? []), String(row.on_date)]);
    }
    const point = activity.venue_postcode.trim() ? await locatePostcode(tx, activity.venue_postcode) : null;
    const status: ServiceStatus = listable
      ? 'active'
      : activity.status === 'paused'
        ? 'temporarily closed'
        : 'inactive';
    const state: ListingState = {
      status,
      published: listable || (activity.status === 'paused' && activity.public),
      // The first publication counts as its first check (S3: last verified = publish date);
      // after that the directory's own checks keep these.
      assuredDate: existing ? existing.assuredDate : today,
      assurerEmail: existing ? existing.assurerEmail : null,
    };
    const serviceId = existing?.id ?? activity.directory_service_id ?? newId();
    const content = listingContent(
      serviceId,
      {
        activity,
        organisation: {
          id: organisation.id,
          name: organisation.name,
          kind: organisation.kind,
          odsCode: organisation.ods_code,
        },
        schedules,
        exceptions,
        point,
        baseUrl: publicBaseUrl,
        today,
      },
      state,
    );
    const firstCheck = existing
      ? {}
      : {
          verification: {
            lastVerifiedAt: now.toJSDate(),
            lastVerifiedBy: by.userId,
            verificationMethod: null,
            reviewDueAt: now.plus({ months: FIRST_REVIEW_MONTHS }).toJSDate(),
            stale: false,
          },
        };
    await upsertService(tx, scope, { ...content, ...firstCheck }, { source: 'activity', userId: by.userId });
    if (activity.directory_service_id !== serviceId) {
      await setDirectoryService(tx, scope, activity.id, serviceId);
    }
  });
}
