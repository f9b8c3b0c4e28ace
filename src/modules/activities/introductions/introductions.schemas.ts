import { z } from 'zod';
import type { IntroductionStatus, ReferralRoute } from '../activities.tables.ts';

/** Who introduced the person, as people say it. */
export const ROUTE_LABELS: Record<ReferralRoute, string> = {
  self: 'Self-referral (they asked to join)',
  reception: 'Reception or care navigation',
  gp: 'GP or other clinician',
  link_worker: 'Social prescribing link worker',
};

/** Where an introduction stands, as people say it. */
export const INTRODUCTION_STATUS_LABELS: Record<IntroductionStatus, string> = {
  pending: 'Waiting to hear from the activity',
  joined: 'Joined',
  declined: 'Decided not to join',
  activity_closed: 'The activity closed',
};

/** The route a member of staff introduces people by, from the roles they hold (null when none fits). */
export function routeForRoles(roles: readonly string[]): ReferralRoute | null {
  if (roles.includes('link_worker')) {
    return 'link_worker';
  }
  if (roles.includes('clinician')) {
    return 'gp';
  }
  if (roles.includes('receptionist')) {
    return 'reception';
  }
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A UK phone number once spaces, dashes and brackets are gone: 0 or +44 then 9 or 10 digits. */
const UK_PHONE = /^(?:\+44|0044|0)\d{9,10}$/;

/**
 * Tidies how to reach someone: an email address (lower-cased) or a UK phone number (spaces
 * kept as typed, collapsed). Null when it is neither.
 */
export function normaliseContact(value: string): string | null {
  const text = value.trim().replace(/\s+/g, ' ');
  if (text.includes('@')) {
    return text.length <= 254 && EMAIL.test(text) ? text.toLowerCase() : null;
  }
  const digits = text.replace(/[\s().-]/g, '');
  return UK_PHONE.test(digits) ? text : null;
}

/** The warm introduction form: a first name, how to reach them, the route and their agreement. */
export const IntroductionForm = z.object({
  firstName: z
    .string({ error: 'Enter their first name' })
    .trim()
    .min(1, 'Enter their first name')
    .max(50, 'First name must be 50 characters or fewer')
    .regex(/^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u, 'Enter their first name using letters only'),
  contact: z
    .string({ error: 'Enter a phone number or email address' })
    .trim()
    .min(1, 'Enter a phone number or email address')
    .transform((value, context) => {
      const contact = normaliseContact(value);
      if (contact === null) {
        context.addIssue({
          code: 'custom',
          message: 'Enter a UK phone number, like 07700 900 123, or an email address, like name@example.com',
        });
        return z.NEVER;
      }
      return contact;
    }),
  route: z.enum(['self', 'reception', 'gp', 'link_worker'], { error: 'Select how they were introduced' }),
  consent: z.literal('yes', {
    error: 'Confirm the person agreed to be introduced and to be contacted by the activity lead',
  }),
});

/** What the introduction form holds once read. */
export type IntroductionForm = z.infer<typeof IntroductionForm>;

/** Marking an introduction as joined or declined. */
export const IntroductionStatusForm = z.object({
  status: z.enum(['joined', 'declined'], { error: 'Select whether they joined' }),
});
