import { z } from 'zod';
import type { ReferralRoute } from '../activities.tables.ts';

/** Every referral route, in the order the form shows them. */
export const REFERRAL_ROUTES: readonly ReferralRoute[] = ['self', 'reception', 'gp', 'link_worker'];

/** The form field of each route's count. */
export const ROUTE_FIELDS: Record<
  ReferralRoute,
  'referredSelf' | 'referredReception' | 'referredGp' | 'referredLinkWorker'
> = {
  self: 'referredSelf',
  reception: 'referredReception',
  gp: 'referredGp',
  link_worker: 'referredLinkWorker',
};

/** How each route reads on the form. */
export const ROUTE_LABELS: Record<ReferralRoute, string> = {
  self: 'Came on their own',
  reception: 'Sent by reception',
  gp: 'Sent by a GP',
  link_worker: 'Sent by a social prescribing link worker',
};

/** Most names a named register can hold for one session. */
export const MAX_REGISTER_NAMES = 200;
/** How many "another champion helped" slots the form offers. */
export const EXTRA_CHAMPION_SLOTS = 3;

/** One champion's time as typed: hours and minutes, as text or numbers. */
export interface RawChampionTime {
  championId: string;
  hours?: unknown;
  minutes?: unknown;
  /** The form field errors about this champion go to (a row's hours, or an extra slot). */
  field?: string;
}

/** A session record as sent by the form or the API, before it is checked. */
export interface RawRecord {
  headCount?: unknown;
  newAttendees?: unknown;
  referredSelf?: unknown;
  referredReception?: unknown;
  referredGp?: unknown;
  referredLinkWorker?: unknown;
  peopleSupported?: unknown;
  incidentFlagged?: unknown;
  register?: unknown;
  champions: RawChampionTime[];
  recordedAt?: unknown;
  idempotencyKey?: unknown;
}

/** The record form as posted: its fields are checked against the session's own rules, in the service. */
export const RecordFormFields = z.record(z.string(), z.unknown());

/**
 * Reads the record form's fields into a raw record: the ticked champions' hours and minutes
 * (`helped`, `hours-<id>`, `minutes-<id>`) and the "another champion helped" slots.
 */
export function recordFromForm(body: Record<string, unknown>): RawRecord {
  const helped = body.helped === undefined ? [] : Array.isArray(body.helped) ? body.helped : [body.helped];
  const champions: RawChampionTime[] = helped
    .filter((id): id is string => typeof id === 'string')
    .map((championId) => ({ championId, hours: body[`hours-${championId}`], minutes: body[`minutes-${championId}`] }));
  for (let slot = 0; slot < EXTRA_CHAMPION_SLOTS; slot += 1) {
    const championId = body[`extraChampion-${slot}`];
    if (typeof championId === 'string' && championId !== '') {
      champions.push({
        championId,
        hours: body[`extraHours-${slot}`],
        minutes: body[`extraMinutes-${slot}`],
        field: `extraChampion-${slot}`,
      });
    }
  }
  return {
    headCount: body.headCount,
    newAttendees: body.newAttendees,
    referredSelf: body.referredSelf,
    referredReception: body.referredReception,
    referredGp: body.referredGp,
    referredLinkWorker: body.referredLinkWorker,
    peopleSupported: body.peopleSupported,
    incidentFlagged: body.incidentFlagged,
    register: body.register,
    champions,
    recordedAt: body.recordedAt,
    idempotencyKey: body.idempotencyKey,
  };
}

const WholeNumber = z.union([z.number().int(), z.string().max(20)]).optional();

/** The JSON API's body: the form's fields, with champions as a list. */
export const SessionRecordBody = z.object({
  headCount: WholeNumber.describe('How many people came'),
  newAttendees: WholeNumber.describe('Of whom new'),
  referredSelf: WholeNumber,
  referredReception: WholeNumber,
  referredGp: WholeNumber,
  referredLinkWorker: WholeNumber,
  peopleSupported: WholeNumber.describe('Service-support sessions only'),
  incidentFlagged: z
    .union([z.boolean(), z.enum(['yes', 'true', 'false', ''])])
    .optional()
    .describe('Routes to the safeguarding lead; no detail is kept'),
  register: z
    .array(z.string().max(200))
    .max(MAX_REGISTER_NAMES)
    .optional()
    .describe('Names, only for activities that record a reason for a register'),
  champions: z
    .array(z.object({ championId: z.string().max(40), hours: WholeNumber, minutes: WholeNumber }))
    .max(100)
    .optional(),
  recordedAt: z
    .string()
    .max(40)
    .optional()
    .describe('When it was recorded (ISO 8601); an older record than the one kept is not applied'),
  idempotencyKey: z.string().max(40).optional().describe('A UUID, if not sent as the Idempotency-Key header'),
});

/** What the JSON API's body holds once read. */
export type SessionRecordBody = z.infer<typeof SessionRecordBody>;

/** The JSON API's answer. */
export const SessionRecordResponse = z.object({ applied: z.boolean(), sessionId: z.uuid(), recordedAt: z.string() });
