import { z } from 'zod';
import { isIsoDate } from '../../../lib/dates.ts';
import { normaliseNhsNumber } from '../shared/nhs-number.rules.ts';
import { normaliseEmail, normalisePhone } from '../shared/contact.rules.ts';

/** How a person would like to be contacted, as people say it. */
export const CONTACT_PREFERENCES = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'Email',
  letter: 'Letter',
} as const;

/** One of the contact preferences. */
export type ContactPreference = keyof typeof CONTACT_PREFERENCES;

const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;

function nameField(what: string) {
  return z
    .string({ error: `Enter their ${what}` })
    .trim()
    .min(1, `Enter their ${what}`)
    .max(100, `Their ${what} must be 100 characters or fewer`)
    .regex(NAME, `Enter their ${what} using letters only`);
}

const dateOfBirth = z
  .string({ error: 'Enter their date of birth' })
  .refine((value) => value !== '', 'Enter their date of birth')
  .refine((value) => value === '' || isIsoDate(value), 'Date of birth must be a real date, like 27 3 1934')
  .refine((value) => !isIsoDate(value) || value >= '1900-01-01', 'Date of birth must be after 1900');

/**
 * An optional text field: empty is null; otherwise `normalise` gives the value to keep, or null
 * when it is not valid, which shows `message`.
 */
function optionalNormalised(normalise: (value: string) => string | null, message: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      if (!value) {
        return null;
      }
      const normalised = normalise(value);
      if (normalised === null) {
        context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return normalised;
    });
}

const nhsNumber = optionalNormalised(normaliseNhsNumber, 'Enter a valid 10-digit NHS number, like 943 476 5919');

/** The person form: name, date of birth, optional NHS number, contact details and preference. */
export const PersonForm = z
  .object({
    givenName: nameField('first name'),
    familyName: nameField('last name'),
    dateOfBirth,
    nhsNumber,
    phone: optionalNormalised(normalisePhone, 'Enter a UK phone number, like 07700 900 123'),
    email: optionalNormalised(normaliseEmail, 'Enter an email address, like name@example.com'),
    contactPreference: z.enum(['phone', 'text', 'email', 'letter'], {
      error: 'Select how they would like to be contacted',
    }),
  })
  .superRefine((form, context) => {
    if ((form.contactPreference === 'phone' || form.contactPreference === 'text') && !form.phone) {
      context.addIssue({
        code: 'custom',
        path: ['phone'],
        message: 'Enter their phone number, or choose another way to contact them',
      });
    }
    if (form.contactPreference === 'email' && !form.email) {
      context.addIssue({
        code: 'custom',
        path: ['email'],
        message: 'Enter their email address, or choose another way to contact them',
      });
    }
  });

/** What the person form holds once read. */
export type PersonForm = z.infer<typeof PersonForm>;

/** Finding a person: by NHS number, or by name and date of birth. */
export const FindPersonQuery = z
  .object({
    nhsNumber,
    givenName: z.string().trim().max(100).optional(),
    familyName: z.string().trim().max(100).optional(),
    dateOfBirth: z.string().optional(),
  })
  .superRefine((query, context) => {
    if (query.nhsNumber) {
      return;
    }
    if (!query.givenName || !query.familyName || !query.dateOfBirth) {
      context.addIssue({
        code: 'custom',
        path: ['nhsNumber'],
        message: 'Enter their NHS number, or their first name, last name and date of birth',
      });
    } else if (!isIsoDate(query.dateOfBirth)) {
      context.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'Date of birth must be a real date, like 27 3 1934',
      });
    }
  });

/** A person search once read. */
export type FindPersonQuery = z.infer<typeof FindPersonQuery>;
