import type { FieldErrors } from '../../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../../platform/views/format.ts';
import {
  CATEGORY_LABELS,
  DELIVERY_MODE_LABELS,
  FIVE_WAYS_LABELS,
  REFERRAL_ROUTE_LABELS,
} from './activities.schemas.ts';
import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';
import { STATUS_LABELS } from './lifecycle.rules.ts';

const TAG_CLASSES: Record<ActivityStatus, string> = {
  idea: 'nhsuk-tag--grey',
  proposed: 'nhsuk-tag--blue',
  risk_assessed: 'nhsuk-tag--purple',
  approved: 'nhsuk-tag--aqua-green',
  active: 'nhsuk-tag--green',
  paused: 'nhsuk-tag--yellow',
  closed: 'nhsuk-tag--red',
};

/** The status as an NHS.UK tag. */
export function statusTag(status: ActivityStatus): { text: string; classes: string } {
  return { text: STATUS_LABELS[status], classes: TAG_CLASSES[status] };
}

/** "Free", or "£2.50 (tea and biscuits)". */
export function costText(pence: number, note: string): string {
  const amount = pence === 0 ? 'Free' : `£${(pence / 100).toFixed(2)}`;
  return note ? `${amount} (${note})` : amount;
}

/** Text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The list's rows: name (linked), status, category, next session and, for a network, whose it is. */
export function listRows(
  activities: {
    id: string;
    name: string;
    status: ActivityStatus;
    category: string | null;
    organisation_id: string;
    organisation_name: string;
    next_session_at: Date | null;
  }[],
) {
  return activities.map((activity) => ({
    id: activity.id,
    name: activity.name,
    tag: statusTag(activity.status),
    category: activity.category ? (CATEGORY_LABELS[activity.category] ?? activity.category) : 'Not chosen yet',
    nextSession: activity.next_session_at ? formatDateTime(activity.next_session_at) : 'None planned',
    organisationId: activity.organisation_id,
    organisationName: activity.organisation_name,
  }));
}

const listText = (values: readonly string[], labels: Record<string, string>, none: string) =>
  values.length > 0 ? values.map((value) => labels[value] ?? value).join(', ') : none;

/** Every field of the activity as summary-list rows. */
export function summaryRows(page: {
  activity: ActivityRow;
  organisation: { name: string };
  links: { hosts: { name: string }[]; leads: { display_name: string }[]; roles: { name: string; places: number }[] };
  sponsorName: string | null;
  proposerName: string | null;
  idea: { title: string; held_on: string } | null;
}) {
  const { activity, links } = page;
  const venue = [activity.venue_name, activity.venue_address, activity.venue_postcode].filter(Boolean).join('\n');
  const rows: [string, string][] = [
    ['Description', activity.description || 'Not given yet'],
    ['Category', activity.category ? (CATEGORY_LABELS[activity.category] ?? activity.category) : 'Not chosen yet'],
    ['Five Ways to Wellbeing', listText(activity.five_ways, FIVE_WAYS_LABELS, 'None chosen yet')],
    ['Who it is for', activity.target_groups.join(', ') || 'Anyone'],
    ['How it is delivered', activity.delivery_mode ? DELIVERY_MODE_LABELS[activity.delivery_mode] : 'Not chosen yet'],
    ['Run by', page.organisation.name],
    ['Also hosted at', links.hosts.map((host) => host.name).join(', ') || 'No other practices'],
    ['Venue', venue || 'Not given yet'],
    ['Accessibility', activity.accessibility_notes || 'Not given yet'],
    ['Cost', costText(activity.cost_pence, activity.cost_note)],
    ['Who can send people', listText(activity.referral_routes, REFERRAL_ROUTE_LABELS, 'Not chosen yet')],
    ['How to join', activity.how_to_join || 'Not given yet'],
    ['Capacity', activity.capacity === null ? 'No limit given' : `${activity.capacity} people`],
    ['Lead champions', links.leads.map((lead) => lead.display_name).join(', ') || 'None yet'],
    ['Staff sponsor', page.sponsorName ?? 'None yet'],
    [
      'Roles needed at each session',
      links.roles.map((role) => `${role.name}: ${role.places} ${role.places === 1 ? 'place' : 'places'}`).join('\n') ||
        'None',
    ],
    ['Review date', activity.review_on ? formatDate(activity.review_on) : 'Not set'],
    [
      'Named register',
      activity.named_register_reason
        ? `Kept, because: ${activity.named_register_reason}`
        : 'Not kept (attendance is counted, not named)',
    ],
    ["Shown on the public what's on", activity.public ? 'Yes, while it is active' : 'No'],
    ['Proposed by', `${page.proposerName ?? 'Unknown'} on ${formatDate(activity.created_at)}`],
  ];
  if (page.idea) {
    rows.push(['Came from', `An idea at "${page.idea.title}" on ${formatDate(page.idea.held_on)}`]);
  }
  // Line breaks people typed are kept (inside a span, so the template's own whitespace is not).
  return rows.map(([key, value]) => ({
    key: { text: key },
    value: value.includes('\n')
      ? { html: `<span class="app-preserve-lines">${escapeHtml(value)}</span>` }
      : { text: value },
  }));
}

/** The status history as table rows: when, what, who, note. */
export function historyRows(
  history: {
    from_status: ActivityStatus | null;
    to_status: ActivityStatus;
    note: string;
    changed_at: Date;
    changed_by_name: string | null;
  }[],
) {
  return history.map((move) => [
    { text: formatDateTime(move.changed_at) },
    {
      text:
        move.from_status === null
          ? `Created as ${STATUS_LABELS[move.to_status].toLowerCase()}`
          : `${STATUS_LABELS[move.from_status]} to ${STATUS_LABELS[move.to_status].toLowerCase()}`,
    },
    { text: move.changed_by_name ?? 'The system' },
    { text: move.note },
  ]);
}

/** The buttons and links for what the person may do now (from the service's abilities). */
export function actionsView(
  activity: { id: string; status: ActivityStatus },
  abilities: {
    edit: boolean;
    submitProposal: boolean;
    riskAssess: boolean;
    approve: boolean;
    publish: boolean;
    pause: boolean;
    close: boolean;
  },
  hints: Partial<Record<'submitProposal' | 'approve' | 'publish', string[]>>,
  errors: FieldErrors | undefined,
) {
  const hint = (missing: string[] | undefined, verb: string) =>
    missing && missing.length > 0
      ? `Before it can be ${verb}: ${missing.map((item) => item.charAt(0).toLowerCase() + item.slice(1)).join('; ')}.`
      : '';
  const moves: {
    to: ActivityStatus;
    label: string;
    hint: string;
    classes: string;
    noteId?: string;
    noteLabel?: string;
  }[] = [];
  if (abilities.submitProposal) {
    moves.push({
      to: 'proposed',
      label: 'Submit proposal',
      hint: hint(hints.submitProposal, 'submitted'),
      classes: '',
    });
  }
  if (abilities.approve) {
    moves.push({ to: 'approved', label: 'Approve', hint: hint(hints.approve, 'approved'), classes: '' });
  }
  if (abilities.publish) {
    moves.push({
      to: 'active',
      label: activity.status === 'paused' ? 'Resume' : 'Publish',
      hint: hint(hints.publish, activity.status === 'paused' ? 'resumed' : 'published'),
      classes: '',
    });
  }
  if (abilities.pause) {
    moves.push({
      to: 'paused',
      label: 'Pause',
      hint: "Pausing takes it off the public what's on until it is resumed.",
      classes: 'nhsuk-button--secondary',
      noteId: 'pause-note',
      noteLabel: 'Why is it pausing? (optional)',
    });
  }
  return {
    moves,
    close: abilities.close,
    closeOpen: Boolean(errors?.note),
    editHref: abilities.edit ? `/activities/${activity.id}/edit` : null,
    riskAssessmentHref: abilities.riskAssess ? `/activities/${activity.id}/risk-assessment` : null,
  };
}

/** The links to the activity's other pages (schedules, totals, introductions, reviews). */
export function subPageLinks(activityId: string) {
  return [
    { href: `/activities/${activityId}/schedules`, text: 'Schedules and sessions' },
    { href: `/activities/${activityId}/totals`, text: 'Session totals' },
    { href: `/activities/${activityId}/introductions`, text: 'Introductions' },
    { href: `/activities/${activityId}/reviews`, text: 'Sustain reviews' },
  ];
}

/** The latest risk assessment: a summary and its text. */
export function assessmentView(
  assessment: {
    assessed_on: string;
    review_on: string;
    assessed_by_name: string | null;
    approved_by_name: string | null;
    approved_at: Date | null;
    hazards: string;
    controls: string;
    safeguarding: string;
    lone_working: string;
    insurance: string;
  } | null,
  earlier: number,
) {
  if (!assessment) {
    return null;
  }
  const rows: [string, string][] = [
    [
      'Assessed',
      `${formatDate(assessment.assessed_on)}${assessment.assessed_by_name ? ` by ${assessment.assessed_by_name}` : ''}`,
    ],
    ['Review by', formatDate(assessment.review_on)],
    [
      'Approved',
      assessment.approved_at
        ? `${formatDate(assessment.approved_at)}${assessment.approved_by_name ? ` by ${assessment.approved_by_name}` : ''}`
        : 'Not yet',
    ],
  ];
  if (earlier > 0) {
    rows.push(['Earlier assessments', `${earlier} (kept, superseded by this one)`]);
  }
  return {
    rows: rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } })),
    parts: [
      { label: 'Hazards', text: assessment.hazards },
      { label: 'Controls', text: assessment.controls },
      { label: 'Safeguarding', text: assessment.safeguarding },
      { label: 'Lone working', text: assessment.lone_working },
      { label: 'Insurance', text: assessment.insurance },
    ],
  };
}
