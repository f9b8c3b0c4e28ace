import type { ActivityRow, ActivityStatus } from '../activities.tables.ts';

/** How each status reads on a page. */
export const STATUS_LABELS: Record<ActivityStatus, string> = {
  idea: 'Idea',
  proposed: 'Proposed',
  risk_assessed: 'Risk assessed',
  approved: 'Approved',
  active: 'Active',
  paused: 'Paused',
  closed: 'Closed',
};

/** The moves the lifecycle allows (domain W4). Closing is possible from anywhere but closed. */
const NEXT: Record<ActivityStatus, readonly ActivityStatus[]> = {
  idea: ['proposed', 'closed'],
  proposed: ['risk_assessed', 'closed'],
  // A new risk assessment may be recorded while waiting for approval.
  risk_assessed: ['risk_assessed', 'approved', 'closed'],
  approved: ['active', 'closed'],
  active: ['paused', 'closed'],
  paused: ['active', 'closed'],
  closed: [],
};

/** What each move is called in messages ("Before it can be published: …"). */
export const MOVE_VERBS: Record<ActivityStatus, string> = {
  idea: 'saved as an idea',
  proposed: 'submitted as a proposal',
  risk_assessed: 'marked as risk assessed',
  approved: 'approved',
  active: 'published',
  paused: 'paused',
  closed: 'closed',
};

/** True when the lifecycle allows moving from `from` to `to`. */
export function canMove(from: ActivityStatus, to: ActivityStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an activity may move to next. */
export function nextStatuses(from: ActivityStatus): readonly ActivityStatus[] {
  return NEXT[from];
}

/**
 * Why a move the lifecycle does not allow is refused, in words a coordinator can act on
 * (approving before a risk assessment, publishing before approval, changing a closed activity).
 */
export function refusalFor(from: ActivityStatus, to: ActivityStatus): string {
  if (from === 'closed') {
    return 'This activity is closed, so it cannot be changed. Propose a new activity instead';
  }
  if (to === 'approved' && (from === 'idea' || from === 'proposed')) {
    return 'Record a risk assessment before approving this activity';
  }
  if (to === 'active' && (from === 'idea' || from === 'proposed' || from === 'risk_assessed')) {
    return 'This activity must be approved before it can be published';
  }
  if (to === 'paused') {
    return 'Only an active activity can be paused';
  }
  if (to === 'proposed') {
    return 'Only an idea can be submitted as a proposal';
  }
  if (to === 'risk_assessed') {
    return 'Submit the proposal before recording a risk assessment';
  }
  return `A ${STATUS_LABELS[from].toLowerCase()} activity cannot be ${MOVE_VERBS[to]}`;
}

/** The fields of an activity a proposal must have, as a form names them. */
export interface ProposalFields {
  description: string;
  category: string | null;
  deliveryMode: string | null;
  fiveWays: readonly string[];
  referralRoutes: readonly string[];
  howToJoin: string;
  venueName: string;
}

/**
 * What a proposal still lacks (domain W4 step 1: what, who for, where, how to join, Five Ways
 * tags), keyed by form field: empty when it is complete. An information resource needs no venue.
 */
export function proposalGaps(fields: ProposalFields): Record<string, string> {
  const gaps: Record<string, string> = {};
  if (fields.description.trim() === '') {
    gaps.description = 'Describe the activity';
  }
  if (!fields.category) {
    gaps.category = 'Choose a category';
  }
  if (fields.fiveWays.length === 0) {
    gaps.fiveWays = 'Choose at least one of the Five Ways to Wellbeing';
  }
  if (!fields.deliveryMode) {
    gaps.deliveryMode = 'Choose how it is delivered';
  }
  if (fields.deliveryMode !== 'information' && fields.venueName.trim() === '') {
    gaps.venueName = 'Enter where it happens';
  }
  if (fields.referralRoutes.length === 0) {
    gaps.referralRoutes = 'Choose at least one way people can be sent to it';
  }
  if (fields.howToJoin.trim() === '') {
    gaps.howToJoin = 'Say how people join';
  }
  return gaps;
}

/** The proposal fields of a stored activity. */
export function proposalFieldsOf(activity: ActivityRow): ProposalFields {
  return {
    description: activity.description,
    category: activity.category,
    deliveryMode: activity.delivery_mode,
    fiveWays: activity.five_ways,
    referralRoutes: activity.referral_routes,
    howToJoin: activity.how_to_join,
    venueName: activity.venue_name,
  };
}
