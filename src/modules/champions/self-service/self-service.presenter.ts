import { britishDate } from '../../../lib/dates.ts';
import { MEETING_KIND_LABELS } from '../meetings/meetings.schemas.ts';
import { formatMinutes, formatPounds } from '../shared/format.presenter.ts';
import type { myDashboard } from './self-service.service.ts';

type Dashboard = Awaited<ReturnType<typeof myDashboard>>;

/** The champion's home page: agreements to sign, totals, milestones, meetings and actions. */
export function presentDashboard(data: Dashboard) {
  const { champion, totals, milestones } = data;
  return {
    champion: { displayName: champion.displayName, organisationName: champion.organisationName },
    toSign: data.toSign.map((agreement) => ({
      text: `Please read and sign the ${agreement.isNewVersion ? 'new ' : ''}${agreement.title.toLowerCase()}`,
      href: `/organisations/${champion.organisationId}/my-agreements`,
    })),
    actions: data.actions.map((action) => ({
      text: action.text,
      meetingTitle: action.meeting_title,
      due: britishDate(action.due_on),
    })),
    meetings: data.meetings.map((meeting) => ({
      title: meeting.title,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      date: britishDate(meeting.held_on),
      location: meeting.location,
    })),
    loggedHours: formatMinutes(totals.loggedMinutes),
    verifiedHours: formatMinutes(totals.verifiedMinutes),
    claimed: formatPounds(totals.claimedPence),
    approved: formatPounds(totals.approvedPence),
    milestones: {
      reached: milestones.reached,
      next: milestones.next,
      toNext: formatMinutes(milestones.minutesToNext),
    },
  };
}
