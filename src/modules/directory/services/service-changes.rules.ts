import { DAYS } from '../search/directory-search.schemas.ts';
import {
  DETAIL_FIELDS,
  type DetailField,
  type ServiceDetails,
  type SessionTime,
  STATUS_LABELS,
  sortSessions,
} from './service-edit.schemas.ts';

/** One changed field: what it was and what it becomes. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** Changed fields only, as kept in proposals and in the service history. */
export type Changes = Partial<Record<DetailField, FieldChange>>;

const FIELD_NAMES: readonly string[] = DETAIL_FIELDS.map((entry) => entry.field);

/** True for a field name the edit model knows (jsonb from the database is checked with this). */
export function isDetailField(value: string): value is DetailField {
  return FIELD_NAMES.includes(value);
}

function comparable(field: DetailField, value: unknown): string {
  if (field === 'schedule') {
    return JSON.stringify(
      sortSessions((value as SessionTime[] | undefined) ?? []).map((session) => [
        session.day,
        session.opensAt,
        session.closesAt,
        session.week ?? '',
      ]),
    );
  }
  if (field === 'needs') {
    return JSON.stringify([...((value as string[] | undefined) ?? [])].sort());
  }
  if (field === 'languages') {
    return JSON.stringify(((value as string[] | undefined) ?? []).map((name) => name.toLowerCase()).sort());
  }
  return JSON.stringify(value ?? null);
}

/** True when two values of a field mean the same (order of days, needs and languages aside). */
export function sameValue(field: DetailField, a: unknown, b: unknown): boolean {
  return comparable(field, a) === comparable(field, b);
}

/** The fields that differ between two versions of a service, in form order. */
export function diffDetails(before: ServiceDetails, after: ServiceDetails): Changes {
  const changes: Changes = {};
  for (const { field } of DETAIL_FIELDS) {
    if (!sameValue(field, before[field], after[field])) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
}

/** `details` with the `to` value of each chosen change (all of them unless `fields` is given). */
export function applyChanges(
  details: ServiceDetails,
  changes: Changes,
  fields?: readonly DetailField[],
): ServiceDetails {
  const next: Record<string, unknown> = { ...details };
  for (const [field, change] of Object.entries(changes) as [DetailField, FieldChange][]) {
    if (isDetailField(field) && (!fields || fields.includes(field))) {
      next[field] = change.to;
    }
  }
  return next as unknown as ServiceDetails;
}

/** Changed fields from stored jsonb, ignoring anything that is not a known field. */
export function changesFromJson(value: unknown): Changes {
  const changes: Changes = {};
  if (value && typeof value === 'object') {
    for (const [field, change] of Object.entries(value as Record<string, unknown>)) {
      if (isDetailField(field) && change && typeof change === 'object' && 'to' in change) {
        changes[field] = { from: (change as FieldChange).from, to: (change as FieldChange).to };
      }
    }
  }
  return changes;
}

const WEEK_WORDS: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };

/** "Monday", or "First Monday of the month" for a monthly session. */
function sessionDay(session: SessionTime): string {
  const day = DAYS.find((entry) => entry.value === session.day)?.label ?? session.day;
  const week = session.week ? WEEK_WORDS[session.week] : undefined;
  return week ? `${week} ${day} of the month` : day;
}

/** A field's value in words, for diffs and history ("Tuesday 10:00 to 12:00", "Free"). */
export function describeValue(
  field: DetailField,
  value: unknown,
  termNames: ReadonlyMap<string, string> = new Map(),
): string {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  switch (field) {
    case 'schedule':
      return sortSessions(value as SessionTime[])
        .map((session) => `${sessionDay(session)} ${session.opensAt} to ${session.closesAt}`)
        .join('\n');
    case 'needs':
      return (value as string[]).map((id) => termNames.get(id) ?? 'A need no longer in the list').join(', ');
    case 'languages':
      return (value as string[]).join(', ');
    case 'status':
      return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? String(value);
    case 'cost':
      return { free: 'Free', paid: 'Costs money', unknown: 'Not known' }[value as string] ?? String(value);
    case 'costAmount':
      return `£${String(value)}`;
    default:
      return String(value);
  }
}

/** Labels of the changed fields, for a one-line summary ("Name, Opening times"). */
export function changedLabels(changes: Changes): string[] {
  return DETAIL_FIELDS.filter((entry) => entry.field in changes).map((entry) => entry.label);
}
