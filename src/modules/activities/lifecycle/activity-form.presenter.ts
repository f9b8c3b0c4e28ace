import type { FieldErrors } from '../../../lib/errors.ts';
import { dateParts } from '../../../lib/dates.ts';
import {
  CATEGORY_LABELS,
  DELIVERY_MODE_LABELS,
  FIVE_WAYS_LABELS,
  PLACES_PREFIX,
  REFERRAL_ROUTE_LABELS,
} from './activities.schemas.ts';
import type { FormOptions } from './activity-links.service.ts';
import type { ActivityRow } from '../activities.tables.ts';

/** The order fields appear on the proposal form, so the error summary follows the page. */
export const FORM_FIELDS = [
  'meetingItemId',
  'name',
  'description',
  'category',
  'fiveWays',
  'targetGroups',
  'deliveryMode',
  'hostIds',
  'venueName',
  'venueAddress',
  'venuePostcode',
  'accessibilityNotes',
  'cost',
  'costPounds',
  'costNote',
  'referralRoutes',
  'howToJoin',
  'capacity',
  'leadChampionIds',
  'staffSponsorUserId',
  'places',
  'reviewOn',
  'namedRegisterReason',
  'public',
  'intent',
];

/** Field errors in the order the fields appear (unknown fields, like a role's places, where their group is). */
export function orderErrors(
  errors: FieldErrors | undefined,
  order: readonly string[] = FORM_FIELDS,
): FieldErrors | undefined {
  if (!errors) {
    return undefined;
  }
  const rank = (field: string) => {
    const index = order.indexOf(field.startsWith(PLACES_PREFIX) ? 'places' : field);
    return index === -1 ? order.length : index;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : [];
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The form's values from a stored activity, as the form would send them. */
export function valuesFromActivity(
  activity: ActivityRow,
  links: { hosts: { id: string }[]; leads: { id: string }[]; roles: { id: string; places: number }[] },
): Record<string, unknown> {
  const review = dateParts(activity.review_on);
  return {
    name: activity.name,
    description: activity.description,
    category: activity.category ?? '',
    fiveWays: activity.five_ways,
    targetGroups: activity.target_groups.join(', '),
    deliveryMode: activity.delivery_mode ?? '',
    hostIds: links.hosts.map((host) => host.id),
    venueName: activity.venue_name,
    venueAddress: activity.venue_address,
    venuePostcode: activity.venue_postcode,
    accessibilityNotes: activity.accessibility_notes,
    cost: activity.cost_pence > 0 ? 'paid' : 'free',
    costPounds: activity.cost_pence > 0 ? (activity.cost_pence / 100).toFixed(2) : '',
    costNote: activity.cost_note,
    referralRoutes: activity.referral_routes,
    howToJoin: activity.how_to_join,
    capacity: activity.capacity === null ? '' : String(activity.capacity),
    leadChampionIds: links.leads.map((lead) => lead.id),
    staffSponsorUserId: activity.staff_sponsor_user_id ?? '',
    'reviewOn[day]': review.day,
    'reviewOn[month]': review.month,
    'reviewOn[year]': review.year,
    namedRegisterReason: activity.named_register_reason ?? '',
    public: activity.public ? 'yes' : 'no',
    ...Object.fromEntries(links.roles.map((role) => [`${PLACES_PREFIX}${role.id}`, String(role.places)])),
  };
}

/** The choices of the proposal form, each marked as chosen or not from the values. */
export function formChoices(options: FormOptions, values: Record<string, unknown>) {
  const chosen = (field: string) => asList(values[field]);
  const radio = (labels: Record<string, string>, field: string) =>
    Object.entries(labels).map(([value, text]) => ({ value, text, checked: asText(values[field]) === value }));
  const boxes = (labels: Record<string, string>, field: string) =>
    Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen(field).includes(value) }));
  const byId = (list: { id: string; name?: string; display_name?: string }[], field: string) =>
    list.map((item) => ({
      value: item.id,
      text: item.name ?? item.display_name ?? '',
      checked: chosen(field).includes(item.id),
    }));
  return {
    categoryItems: radio(CATEGORY_LABELS, 'category'),
    fiveWaysItems: boxes(FIVE_WAYS_LABELS, 'fiveWays'),
    deliveryItems: radio(DELIVERY_MODE_LABELS, 'deliveryMode'),
    routeItems: boxes(REFERRAL_ROUTE_LABELS, 'referralRoutes'),
    hostItems: byId(options.hosts, 'hostIds'),
    leadItems: byId(options.champions, 'leadChampionIds'),
    sponsorItems: [
      { value: '', text: 'No sponsor yet' },
      ...options.staff.map((person) => ({
        value: person.id,
        text: person.display_name,
        selected: asText(values.staffSponsorUserId) === person.id,
      })),
    ],
    roleRows: options.roles.map((role) => ({
      id: `${PLACES_PREFIX}${role.id}`,
      name: role.name,
      value: asText(values[`${PLACES_PREFIX}${role.id}`]) || '0',
    })),
    costPaid: asText(values.cost) === 'paid',
    isPublic: asText(values.public) !== 'no',
  };
}
