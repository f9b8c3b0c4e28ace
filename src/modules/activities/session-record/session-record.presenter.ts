import { randomUUID } from 'node:crypto';
import type { FieldErrors } from '../../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../../platform/views/format.ts';
import { sessionLengthText } from './session-access.policy.ts';
import { londonTime } from './incidents.service.ts';
import { EXTRA_CHAMPION_SLOTS, ROUTE_FIELDS, ROUTE_LABELS } from './session-record.schemas.ts';
import type { RecordScreen } from './record-screen.service.ts';

/** Notices shown after recording, by the `done` query value. */
export const RECORD_NOTICES: Record<string, string> = {
  recorded: 'The session has been recorded. Thank you.',
  late: 'A later record of this session had already been saved, so yours was kept but not used.',
};

/** A session's day and time as people say them: "Tuesday 1 December 2026, 10:00 to 11:30". */
export function sessionWhen(session: { starts_at: Date; ends_at: Date }): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long' }).format(
    session.starts_at,
  );
  return `${day} ${formatDate(session.starts_at)}, ${londonTime(session.starts_at)} to ${londonTime(session.ends_at)}`;
}

/** Splits minutes into the hours and minutes boxes. */
function timeParts(minutes: number): { hours: string; minutes: string } {
  return { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) };
}

/** The form's starting values: the record so far, or the rota with each champion's time prefilled. */
export function initialValues(screen: RecordScreen): Record<string, unknown> {
  const { session } = screen.access;
  const values: Record<string, unknown> = {
    headCount: session.head_count === null ? '' : String(session.head_count),
    newAttendees: session.new_attendees === null ? '' : String(session.new_attendees),
    referredSelf: session.recorded_at ? String(session.referred_self) : '',
    referredReception: session.recorded_at ? String(session.referred_reception) : '',
    referredGp: session.recorded_at ? String(session.referred_gp) : '',
    referredLinkWorker: session.recorded_at ? String(session.referred_link_worker) : '',
    peopleSupported: session.people_supported === null ? '' : String(session.people_supported),
    incidentFlagged: session.incident_flagged ? 'yes' : '',
    register: screen.register.join('\n'),
    helped: screen.rows.filter((row) => row.ticked).map((row) => row.championId),
  };
  for (const row of screen.rows) {
    const parts = timeParts(row.minutes);
    values[`hours-${row.championId}`] = parts.hours;
    values[`minutes-${row.championId}`] = parts.minutes;
  }
  const length = timeParts(screen.rows[0]?.minutes ?? 60);
  for (let slot = 0; slot < EXTRA_CHAMPION_SLOTS; slot += 1) {
    values[`extraHours-${slot}`] = length.hours;
    values[`extraMinutes-${slot}`] = length.minutes;
  }
  return values;
}

/** The page's view model: the session, the champion rows, the fields the activity uses, and the values. */
export function presentRecordScreen(
  screen: RecordScreen,
  values: Record<string, unknown>,
  errors?: FieldErrors,
  userId = '',
) {
  const { session, listPath } = screen.access;
  const helped = values.helped === undefined ? [] : Array.isArray(values.helped) ? values.helped : [values.helped];
  const extraOpen = Array.from(
    { length: EXTRA_CHAMPION_SLOTS },
    (_unused, slot) => values[`extraChampion-${slot}`],
  ).some((value) => typeof value === 'string' && value !== '');
  return {
    session: {
      id: session.id,
      activityName: session.activity_name,
      organisationName: session.organisation_name,
      when: sessionWhen(session),
      venue: session.venue_name || session.activity_venue,
      length: sessionLengthText(session),
      recordedAt: session.recorded_at ? formatDateTime(session.recorded_at) : null,
      incidentRouted: session.incident_routed_at !== null,
    },
    rows: screen.rows.map((row) => ({ ...row, checked: helped.includes(row.championId) })),
    others: screen.others,
    slots: Array.from({ length: EXTRA_CHAMPION_SLOTS }, (_unused, slot) => slot),
    extraOpen: extraOpen || Object.keys(errors ?? {}).some((field) => field.startsWith('extraChampion-')),
    routes: screen.rules.routes.map((route) => ({ field: ROUTE_FIELDS[route], label: ROUTE_LABELS[route] })),
    serviceSupport: screen.rules.serviceSupport,
    registerReason: screen.access.session.named_register_reason,
    late: screen.late.map((item) => ({
      recordedAt: item.recordedAt ? formatDateTime(item.recordedAt) : 'an unknown time',
      by: item.by,
      headCount: item.headCount,
    })),
    values: {
      ...values,
      idempotencyKey:
        typeof values.idempotencyKey === 'string' && values.idempotencyKey !== ''
          ? values.idempotencyKey
          : randomUUID(),
      recordedAt:
        typeof values.recordedAt === 'string' && values.recordedAt !== ''
          ? values.recordedAt
          : new Date().toISOString(),
    },
    errors,
    listPath,
    userId,
  };
}
