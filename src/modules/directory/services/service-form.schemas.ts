import { z } from 'zod';
import type { FieldErrors } from '../../../lib/errors.ts';
import { type ServiceDetails, readServiceForm } from './service-edit.schemas.ts';

const blank = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const single = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The form fields around the service's own: version, check, task, comment and the proposer. */
export const FormExtras = z.object({
  version: z.preprocess(single, z.string().max(40).optional()),
  verifiedBy: z.preprocess(
    (value) => blank(single(value)),
    z.enum(['phone', 'email', 'visit'], { error: 'Select how you checked the details' }).optional(),
  ),
  task: z.preprocess((value) => blank(single(value)), z.string().max(40).optional()),
  owner: z.preprocess((value) => blank(single(value)), z.string().max(40).optional()),
  comment: z.preprocess(
    (value) => blank(single(value)) ?? '',
    z.string().max(2000, 'Comment must be 2,000 characters or fewer'),
  ),
  proposerName: z.preprocess(
    (value) => blank(single(value)) ?? '',
    z.string().max(120, 'Name must be 120 characters or fewer'),
  ),
  proposerEmail: z.preprocess(
    (value) => blank(single(value)) ?? '',
    z
      .string()
      .max(254, 'Email address must be 254 characters or fewer')
      .refine(
        (value) => value === '' || z.email().safeParse(value).success,
        'Enter an email address in the correct format, like name@example.com',
      ),
  ),
});
/** The extra fields, read. */
export type FormExtras = z.infer<typeof FormExtras>;

/**
 * The whole service form (staff add, edit and suggest; public report; provider update): the
 * service's fields and the extras are read together, so both sets of errors are shown at once,
 * in the order the fields appear on the page.
 */
export const ServiceFormBody = z
  .unknown()
  .transform((body, context): { details: ServiceDetails; extras: FormExtras } => {
    const form = readServiceForm(body);
    const extras = FormExtras.safeParse(body && typeof body === 'object' ? body : {});
    if (form.ok && extras.success) {
      return { details: form.data, extras: extras.data };
    }
    const errors: FieldErrors = form.ok ? {} : { ...form.errors };
    for (const issue of extras.success ? [] : extras.error.issues) {
      errors[String(issue.path[0])] ??= issue.message;
    }
    for (const [field, message] of Object.entries(errors)) {
      context.addIssue({ code: 'custom', path: [field], message });
    }
    return z.NEVER;
  });
/** The service form, read. */
export type ServiceFormBody = z.infer<typeof ServiceFormBody>;
