import { britishDate } from '../../../lib/dates.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { asList } from '../shared/champions.presenter.ts';
import { formatMinutes } from '../shared/format.presenter.ts';
import { MEETING_KIND_LABELS } from './meetings.schemas.ts';
import type { meetingDetail, meetingsOf } from './meetings.service.ts';

type MeetingList = Awaited<ReturnType<typeof meetingsOf>>;
type MeetingDetail = Awaited<ReturnType<typeof meetingDetail>>;

/** The meetings list: each meeting's title, kind, date and whether attendance is recorded. */
export function presentMeetingList(data: MeetingList) {
  return {
    organisation: data.organisation,
    meetings: data.meetings.map((meeting) => ({
      id: meeting.id,
      title: meeting.title,
      kindLabel: MEETING_KIND_LABELS[meeting.kind],
      date: britishDate(meeting.held_on),
      attendanceRecorded: Boolean(meeting.attendance_recorded_at),
    })),
  };
}

/**
 * One meeting's page: its details, attendance and invitation checkboxes, notes and board items.
 * A form shown again keeps what was ticked and typed on it; otherwise attendance shows what was recorded.
 */
export function presentMeeting(
  detail: MeetingDetail,
  attendanceOpen: boolean,
  extra: { flash?: string; errors?: FieldErrors; values?: Record<string, unknown> } = {},
) {
  const values = extra.values ?? {};
  const attendedTicks = values.attendedIds === undefined ? null : asList(values.attendedIds);
  const inviteTicks = asList(values.championIds);
  return {
    organisation: detail.organisation,
    meeting: {
      id: detail.meeting.id,
      title: detail.meeting.title,
      kindLabel: MEETING_KIND_LABELS[detail.meeting.kind],
      date: britishDate(detail.meeting.held_on),
      days: detail.meeting.days,
      length: formatMinutes(detail.meeting.minutes * detail.meeting.days),
      location: detail.meeting.location,
      notes: detail.meeting.notes,
    },
    boardItems: detail.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      text: item.text,
      ownerName: item.owner_name,
      due: britishDate(item.due_on),
      status: item.status,
    })),
    ownerOptions: detail.owners.map((owner) => ({
      value: owner.id,
      text: owner.display_name,
      selected: values.ownerChampionId === owner.id,
    })),
    attendanceItems: detail.invitations.map((invitation) => ({
      value: invitation.id,
      text: invitation.display_name,
      checked: attendedTicks ? attendedTicks.includes(invitation.id) : invitation.attended === true,
    })),
    inviteItems: detail.uninvited.map((champion) => ({
      value: champion.id,
      text: champion.display_name,
      checked: inviteTicks.includes(champion.id),
    })),
    attendanceOpen,
    values,
    errors: extra.errors,
    flash: extra.flash,
  };
}
