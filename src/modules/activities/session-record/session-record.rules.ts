import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import { isUuid } from '../../../lib/ids.ts';
import type { ReferralRoute } from '../activities.tables.ts';
import {
  MAX_REGISTER_NAMES,
  REFERRAL_ROUTES,
  ROUTE_FIELDS,
  ROUTE_LABELS,
  type RawRecord,
} from './session-record.schemas.ts';

const MAX_COUNT = 100_000;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** What the session's activity allows the record to hold, and who may be listed. */
export interface RecordRules {
  routes: readonly ReferralRoute[];
  serviceSupport: boolean;
  registerKept: boolean;
  /** Champions who may be recorded at this session, with their names (for messages). */
  champions: ReadonlyMap<string, string>;
}

/** A checked session record: counts, champions' minutes, the flag and any register names. */
export interface SessionRecordInput {
  headCount: number;
  newAttendees: number;
  referred: Record<ReferralRoute, number>;
  peopleSupported: number | null;
  incidentFlagged: boolean;
  register: string[];
  champions: { championId: string; minutes: number }[];
  /** When it was recorded, as sent (ISO 8601); a later record of a session wins. */
  recordedAt: string;
  idempotencyKey: string;
}

/** A whole number of people (0 to 100,000), or the message saying what is wrong. */
export function parseCount(value: unknown, label: string, required: boolean): number | { error: string } {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return required ? { error: `Enter ${label.toLowerCase()}` } : 0;
  }
  const text =
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/,/g, '') : '';
  if (/^-\d+$/.test(text)) {
    return { error: `${label} must be 0 or more` };
  }
  if (!/^\d{1,7}$/.test(text)) {
    return { error: `${label} must be a whole number, like 12` };
  }
  const number = Number(text);
  return number > MAX_COUNT ? { error: `${label} must be ${MAX_COUNT.toLocaleString('en-GB')} or fewer` } : number;
}

/** Hours (0 to 24) or minutes (0 to 59) as typed; blank is 0. */
function parseTimePart(value: unknown, max: number): number | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return 0;
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d{1,4}$/.test(text) && Number(text) <= max ? Number(text) : null;
}

/** The names of a named register: one per line (or a list), blank lines dropped. */
export function registerNames(value: unknown): string[] | { error: string } {
  const lines = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/\r?\n/)
      : value === undefined || value === null
        ? []
        : null;
  if (lines === null || lines.some((line) => typeof line !== 'string')) {
    return { error: 'Enter the names, one on each line' };
  }
  const names = (lines as string[]).map((line) => line.trim().replace(/\s+/g, ' ')).filter((line) => line !== '');
  if (names.some((name) => CONTROL_CHARACTERS.test(name))) {
    return { error: 'Names must not contain unusual characters' };
  }
  if (names.some((name) => name.length > 100)) {
    return { error: 'Each name must be 100 characters or fewer' };
  }
  if (names.length > MAX_REGISTER_NAMES) {
    return { error: `Enter up to ${MAX_REGISTER_NAMES} names` };
  }
  return names;
}

const RecordedAt = z.iso.datetime({ offset: true });

/**
 * Checks a session record against the activity's rules: whole numbers of 0 or more, new
 * people and referrals no more than the people who came, 1 minute to 24 hours for each
 * champion listed, a register only where the activity keeps one. Routes the activity does not
 * accept, and people supported outside service-support sessions, are ignored.
 */
export function checkRecord(
  raw: RawRecord,
  rules: RecordRules,
): { ok: true; data: SessionRecordInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const take = (field: string, result: number | { error: string }): number => {
    if (typeof result === 'number') {
      return result;
    }
    errors[field] ??= result.error;
    return 0;
  };
  const headCount = take('headCount', parseCount(raw.headCount, 'The number of people who came', true));
  const newAttendees = take('newAttendees', parseCount(raw.newAttendees, 'New people', false));
  if (!errors.headCount && !errors.newAttendees && newAttendees > headCount) {
    errors.newAttendees = 'New people must be no more than the number of people who came';
  }
  const referred: Record<ReferralRoute, number> = { self: 0, reception: 0, gp: 0, link_worker: 0 };
  for (const route of rules.routes) {
    const field = ROUTE_FIELDS[route];
    referred[route] = take(field, parseCount(raw[field], ROUTE_LABELS[route], false));
  }
  const firstRoute = rules.routes[0];
  const referredTotal = Object.values(referred).reduce((sum, value) => sum + value, 0);
  if (
    firstRoute &&
    !errors.headCount &&
    referredTotal > headCount &&
    rules.routes.every((route) => !errors[ROUTE_FIELDS[route]])
  ) {
    errors[ROUTE_FIELDS[firstRoute]] = 'The people referred must add up to no more than the number of people who came';
  }
  const peopleSupported = rules.serviceSupport
    ? take('peopleSupported', parseCount(raw.peopleSupported, 'People supported', false))
    : null;

  const register = registerNames(raw.register);
  let names: string[] = [];
  if (!Array.isArray(register)) {
    errors.register = register.error;
  } else if (register.length > 0 && !rules.registerKept) {
    errors.register = 'This activity does not keep a named register. Record the number of people only';
  } else {
    names = register;
  }

  const champions: { championId: string; minutes: number }[] = [];
  for (const time of raw.champions) {
    const field = time.field ?? `hours-${time.championId}`;
    const name = rules.champions.get(time.championId);
    if (!isUuid(time.championId) || name === undefined) {
      errors[field] ??= 'Choose a champion from the list';
      continue;
    }
    if (champions.some((listed) => listed.championId === time.championId)) {
      errors[field] ??= `${name} is already listed`;
      continue;
    }
    const hours = parseTimePart(time.hours, 24);
    const minutes = parseTimePart(time.minutes, 59);
    if (hours === null || minutes === null) {
      errors[field] ??= `Enter the time ${name} gave in whole hours (0 to 24) and minutes (0 to 59)`;
      continue;
    }
    const total = hours * 60 + minutes;
    if (total < 1 || total > 1440) {
      errors[field] ??=
        total < 1
          ? `Enter how long ${name} helped, like 1 hour 30 minutes`
          : `The time ${name} gave must be 24 hours or less`;
      continue;
    }
    champions.push({ championId: time.championId, minutes: total });
  }

  const incidentFlagged =
    raw.incidentFlagged === true || raw.incidentFlagged === 'yes' || raw.incidentFlagged === 'true';
  const recordedAt =
    typeof raw.recordedAt === 'string' && raw.recordedAt.trim() !== ''
      ? raw.recordedAt.trim()
      : new Date().toISOString();
  if (!RecordedAt.safeParse(recordedAt).success || Number.isNaN(Date.parse(recordedAt)) || recordedAt < '2000') {
    errors.recordedAt ??= 'The time this was recorded is not a real date and time';
  }
  const key = typeof raw.idempotencyKey === 'string' ? raw.idempotencyKey.trim().toLowerCase() : '';
  if (!isUuid(key)) {
    errors.idempotencyKey ??= 'This record has no reference. Open the session again and record it';
  }
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  champions.sort((a, b) => a.championId.localeCompare(b.championId));
  return {
    ok: true,
    data: {
      headCount,
      newAttendees,
      referred,
      peopleSupported,
      incidentFlagged,
      register: names,
      champions,
      recordedAt: new Date(recordedAt).toISOString(),
      idempotencyKey: key,
    },
  };
}

/**
 * The SHA-256 of what a submission says (not how it was sent), so a retry of the same record
 * by the form or the API is recognised and a different record under the same key is not.
 */
export function payloadHash(sessionId: string, record: SessionRecordInput): string {
  const canonical = JSON.stringify({
    sessionId,
    headCount: record.headCount,
    newAttendees: record.newAttendees,
    referred: REFERRAL_ROUTES.map((route) => record.referred[route]),
    peopleSupported: record.peopleSupported,
    incidentFlagged: record.incidentFlagged,
    register: record.register,
    champions: record.champions.map((time) => [time.championId, time.minutes]),
    recordedAt: record.recordedAt,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
