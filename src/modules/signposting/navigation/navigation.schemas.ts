import { z } from 'zod';
import { isUuid } from '../../../lib/ids.ts';
import { normaliseNhsNumber } from '../shared/nhs-number.rules.ts';
import { isMobile, normaliseEmail, normalisePhone } from '../shared/contact.rules.ts';

/** How the person reached reception, as people say it. */
export const SOURCE_LABELS = { phone: 'Phone call', desk: 'At the desk', online: 'Online request' } as const;

/** How the information was given, as people say it. */
export const CHANNEL_LABELS = {
  told: 'Told them',
  printed: 'Printed it',
  sms: 'Sent by text message',
  email: 'Sent by email',
} as const;

/** A checkbox field: absent, one value or several, always read as a list. */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(item).max(20, 'Choose 20 or fewer'),
  );
}

const serviceId = z.string().refine(isUuid, 'Select a service from the results');

/** The one care-navigation form (domain W6, S4), read before the service checks it against the directory. */
export const NavigationForm = z
  .object({
    source: z.enum(['phone', 'desk', 'online'], { error: 'Select how they got in touch' }),
    redFlag: z.literal('yes').optional(),
    conversation: z.enum(['agreed', 'declined']).optional(),
    needs: list(z.string().refine(isUuid, 'Select needs from the list')),
    destinations: list(serviceId),
    channels: list(z.enum(['told', 'printed', 'sms', 'email'], { error: 'Select how you gave the information' })),
    phone: z.string().trim().max(40).optional(),
    email: z.string().trim().max(254).optional(),
    sendStale: z.literal('yes').optional(),
    nhsNumber: z.string().trim().max(20).optional(),
    q: z.string().trim().max(100).optional(),
  })
  .superRefine((form, context) => {
    if (form.redFlag) {
      return; // A red flag stops the conversation: nothing else is asked or kept.
    }
    const problem = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (!form.conversation) {
      problem('conversation', 'Select whether they agreed to talk about what might help, or declined');
      return;
    }
    if (form.conversation === 'declined') {
      return;
    }
    if (form.needs.length === 0) {
      problem('needs', 'Select at least one need');
    }
    if (form.destinations.length > 0 && form.channels.length === 0) {
      problem('channels', 'Select how you gave them the information');
    }
    if (form.channels.length > 0 && form.destinations.length === 0) {
      problem('destinations', 'Select at least one service, or record the need as unmet');
    }
    if (form.channels.includes('sms')) {
      const phone = form.phone ? normalisePhone(form.phone) : null;
      if (!phone || !isMobile(phone)) {
        problem('phone', 'Enter a UK mobile number to text, like 07700 900 123');
      }
    }
    if (form.channels.includes('email') && !(form.email && normaliseEmail(form.email))) {
      problem('email', 'Enter an email address to send to, like name@example.com');
    }
    if (form.nhsNumber && !normaliseNhsNumber(form.nhsNumber)) {
      problem('nhsNumber', 'Enter a valid 10-digit NHS number, like 943 476 5919, or leave it blank');
    }
  });

/** What the navigation form holds once read. */
export type NavigationForm = z.infer<typeof NavigationForm>;
