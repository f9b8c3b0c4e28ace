import {
  ACTIVITY_TAXONOMY,
  FIVE_WAYS_TAXONOMY,
  type ServiceInput,
  type ServiceStatus,
  stableId,
} from '../../directory/index.ts';
import type { ActivityRow, ActivityScheduleRow } from '../activities.tables.ts';
import { scheduleRecord } from './publishing-schedules.presenter.ts';

// The directory entry an activity publishes, as a pure function of the activity and its
// schedules, so the mapping is unit-tested and every sync of an unchanged activity produces
// exactly the same content (the directory then answers 'unchanged' and writes nothing).

/** Everything about an activity the listing is made from. */
export interface ListingSource {
  activity: ActivityRow;
  organisation: { id: string; name: string; kind: string; odsCode: string | null };
  schedules: readonly ActivityScheduleRow[];
  /** Dates ahead that schedules skip (bank holidays, the venue closed), by schedule id. */
  exceptions?: ReadonlyMap<string, readonly string[]>;
  /** Where the venue's postcode is (its district's centre, at least), or null when unknown. */
  point: { latitude: number; longitude: number } | null;
  /** The public site's address (config.baseUrl), or null when not known. */
  baseUrl: string | null;
  /** Today in Europe/London, YYYY-MM-DD (ended schedules are left out). */
  today: string;
}

/** What the directory should say about the listing's state, and the freshness it keeps. */
export interface ListingState {
  status: ServiceStatus;
  published: boolean;
  /** ORUK assured_date: the publish date at first, then whatever the directory's checks set. */
  assuredDate: string | null;
  assurerEmail: string | null;
}

/** The activity's public "what's on" page, or null when the site's address or the ODS code is not known. */
export function publicPageUrl(source: Pick<ListingSource, 'activity' | 'organisation' | 'baseUrl'>): string | null {
  const { organisation, baseUrl } = source;
  if (!baseUrl || !organisation.odsCode || (organisation.kind !== 'practice' && organisation.kind !== 'network')) {
    return null;
  }
  return `${baseUrl}/${organisation.kind === 'practice' ? 'practices' : 'networks'}/${organisation.odsCode}/whats-on/${source.activity.id}`;
}

/** "£3.50" from 350 pence. */
export function poundsFrom(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

function venueLocation(serviceId: string, source: ListingSource): ServiceInput['serviceAtLocations'] {
  const { activity, point } = source;
  const name = activity.venue_name.trim();
  const address = activity.venue_address.trim();
  const postcode = activity.venue_postcode.trim().toUpperCase();
  if (!name && !address && !postcode) {
    return [];
  }
  const parts = address
    .split(/,|\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  const city = parts.length > 1 ? (parts.pop() ?? '') : '';
  const locationId = stableId(`activity-listing:${serviceId}:location`);
  const notes = activity.accessibility_notes.trim();
  return [
    {
      id: stableId(`activity-listing:${serviceId}:service-at-location`),
      description: null,
      schedules: [],
      location: {
        id: locationId,
        locationType: 'physical',
        name: name || null,
        description: null,
        latitude: point?.latitude ?? null,
        longitude: point?.longitude ?? null,
        externalIdentifier: null,
        externalIdentifierType: null,
        addresses:
          address || postcode
            ? [
                {
                  id: stableId(`activity-listing:${serviceId}:address`),
                  attention: null,
                  address1: parts.join(', ') || name,
                  address2: null,
                  city,
                  region: null,
                  stateProvince: '',
                  postalCode: postcode,
                  country: 'GB',
                  addressType: 'physical',
                },
              ]
            : [],
        accessibility: notes
          ? [
              {
                id: stableId(`activity-listing:${serviceId}:accessibility`),
                description: notes,
                details: null,
                url: null,
              },
            ]
          : [],
        phones: [],
      },
    },
  ];
}

function termIds(activity: ActivityRow): string[] {
  const category = ACTIVITY_TAXONOMY.terms.find((term) => term.code === activity.category);
  const fiveWays = FIVE_WAYS_TAXONOMY.terms.filter((term) => activity.five_ways.includes(term.code));
  return [...(category ? [category.id] : []), ...fiveWays.map((term) => term.id)];
}

/**
 * The directory service an activity publishes: owned by the activity's organisation, with the
 * venue as its location (accessibility notes included), its running schedules, what it costs,
 * its category and Five Ways terms, who it is for, and (while it is active) a link to its public page.
 */
export function listingContent(serviceId: string, source: ListingSource, state: ListingState): ServiceInput {
  const { activity, organisation } = source;
  const howToJoin = activity.how_to_join.trim();
  const costNote = activity.cost_note.trim();
  const free = activity.cost_pence === 0;
  const groups = activity.target_groups.map((group) => group.trim()).filter(Boolean);
  const running = source.schedules.filter(
    (schedule) => schedule.active && (schedule.ends_on === null || schedule.ends_on >= source.today),
  );
  return {
    id: serviceId,
    ownerOrganisationId: activity.organisation_id,
    organizationId: null,
    organization: {
      id: stableId(`activity-provider:${organisation.id}`),
      name: organisation.name,
      description: `${organisation.name} runs this activity with its practice health champions.`,
      email: null,
      website: null,
      logo: null,
      uri: null,
      parentOrganizationId: null,
      charityNumber: null,
    },
    name: activity.name,
    description: [activity.description.trim(), howToJoin ? `How to join: ${howToJoin}` : '']
      .filter(Boolean)
      .join('\n\n'),
    // The public page exists only while the activity runs: a paused or closed listing must not
    // send anyone to a page that answers 404.
    url: state.status === 'active' ? publicPageUrl(source) : null,
    email: null,
    status: state.status,
    fees: free
      ? `Free${costNote ? ` (${costNote})` : ''}`
      : `${poundsFrom(activity.cost_pence)} a session${costNote ? ` (${costNote})` : ''}`,
    accreditations: null,
    eligibilityDescription: groups.length > 0 ? `For ${groups.join(', ')}` : null,
    minimumAge: null,
    maximumAge: null,
    alert: state.status === 'temporarily closed' ? 'This activity is paused for now.' : null,
    assuredDate: state.assuredDate,
    assurerEmail: state.assurerEmail,
    serviceAtLocations: venueLocation(serviceId, source),
    schedules: running.map((schedule) =>
      scheduleRecord(serviceId, schedule, source.exceptions?.get(schedule.id) ?? []),
    ),
    contacts: [],
    phones: [],
    languages: [],
    costOptions: [
      free
        ? {
            id: stableId(`activity-listing:${serviceId}:cost`),
            validFrom: null,
            validTo: null,
            option: 'Free',
            currency: 'GBP',
            amount: 0,
            amountDescription: costNote || null,
          }
        : {
            id: stableId(`activity-listing:${serviceId}:cost`),
            validFrom: null,
            validTo: null,
            option: 'Per session',
            currency: 'GBP',
            amount: activity.cost_pence / 100,
            amountDescription: costNote || 'per session',
          },
    ],
    funding: [],
    serviceAreas: [],
    attributes: termIds(activity).map((taxonomyTermId) => ({
      id: stableId(`activity-listing:${serviceId}:attribute:${taxonomyTermId}`),
      taxonomyTermId,
      term: null,
    })),
    published: state.published,
    sourceActivityId: activity.id,
  };
}
