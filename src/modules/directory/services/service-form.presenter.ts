import { MAX_SESSIONS, type ServiceDetails } from './service-edit.schemas.ts';

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The flat form values that show `details` (and `blankSessions` empty rows to add more). */
export function detailsToValues(details: ServiceDetails, blankSessions = 2): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ...details,
    minimumAge: details.minimumAge ?? '',
    maximumAge: details.maximumAge ?? '',
    languages: details.languages.join(', '),
  };
  delete values.schedule;
  details.schedule.slice(0, MAX_SESSIONS).forEach((session, index) => {
    values[`day${index}`] = session.day;
    values[`week${index}`] = session.week ?? '';
    values[`opens${index}`] = session.opensAt;
    values[`closes${index}`] = session.closesAt;
  });
  values.sessionRows = Math.min(MAX_SESSIONS, details.schedule.length + blankSessions);
  return values;
}

/** How many session rows to show when a form comes back with errors: the rows used, plus two. */
export function sessionRowsFor(values: Record<string, unknown>): number {
  let last = -1;
  for (let index = 0; index < MAX_SESSIONS; index += 1) {
    if (['day', 'week', 'opens', 'closes'].some((key) => String(first(values[`${key}${index}`]) ?? '').trim() !== '')) {
      last = index;
    }
  }
  return Math.min(MAX_SESSIONS, Math.max(last + 3, 3));
}
