import { z } from 'zod';
import { ROLE_KEYS } from '../../../platform/auth/roles.ts';
import { isIsoDate } from '../../../lib/dates.ts';

/** Subtypes of each kind of organisation, with their labels. */
export const SUBTYPES = {
  area: { icb: 'Integrated care board', local_authority: 'Local authority' },
  network: {
    pcn: 'Primary care network',
    federation: 'Federation',
    cluster: 'Cluster',
    super_partnership: 'Super-partnership',
  },
  practice: { gp_practice: 'GP practice' },
  setting: {
    care_home: 'Care home',
    emergency_department: 'A&E',
    mental_health: 'Mental health service',
    young_people: "Young people's service",
  },
  programme: { programme: 'Programme (facilitating organisation)' },
} as const;

/** What each kind of organisation is called on pages. */
export const KIND_LABELS = {
  area: 'Area',
  network: 'Network',
  practice: 'Practice',
  setting: 'Other setting',
  programme: 'Programme',
} as const;

/** Which kinds may sit directly above each kind. */
export const PARENT_KINDS: Record<keyof typeof SUBTYPES, readonly (keyof typeof SUBTYPES)[]> = {
  area: [],
  network: ['area'],
  practice: ['network', 'area'],
  setting: ['network', 'area'],
  programme: [],
};

/**
 * ODS code shapes: GP practices are a letter and five digits (A81001), PCNs U and five digits
 * (U12345), ICBs Q and two characters (QWO); other settings 3 to 10 letters and digits.
 */
const ODS_PATTERNS: Record<string, RegExp> = {
  gp_practice: /^[A-Z]\d{5}$/,
  pcn: /^U\d{5}$/,
  icb: /^Q[A-Z0-9]{2}$/,
  local_authority: /^E0[6-9]\d{6}$/,
};
const ODS_GENERIC = /^[A-Z0-9]{3,10}$/;

/** Why an ODS code does not fit the organisation, or null. Codes are upper-cased first. */
export function odsCodeProblem(subtype: string, code: string): string | null {
  const pattern = ODS_PATTERNS[subtype] ?? ODS_GENERIC;
  if (pattern.test(code)) {
    return null;
  }
  const examples: Record<string, string> = {
    gp_practice: 'a letter followed by 5 numbers, like A81001',
    pcn: 'U followed by 5 numbers, like U12345',
    icb: 'Q followed by 2 letters or numbers, like QWO',
    local_authority: 'an ONS code like E08000035',
  };
  return `Enter an ODS code in the correct format: ${examples[subtype] ?? '3 to 10 letters and numbers'}`;
}

/** Creating an organisation (system administrators). */
export const CreateOrganisationForm = z
  .object({
    kind: z.enum(['area', 'network', 'practice', 'setting', 'programme'], { error: 'Select the kind of organisation' }),
    subtype: z.string({ error: 'Select the type of organisation' }).min(1, 'Select the type of organisation'),
    name: z
      .string({ error: 'Enter the organisation name' })
      .trim()
      .min(1, 'Enter the organisation name')
      .max(200, 'Name must be 200 characters or fewer'),
    odsCode: z
      .string()
      .trim()
      .toUpperCase()
      .max(10, 'ODS code must be 10 characters or fewer')
      .optional()
      .transform((value) => value || undefined),
    parentId: z
      .string()
      .optional()
      .transform((value) => value || undefined),
    postcode: z
      .string()
      .trim()
      .toUpperCase()
      .optional()
      .transform((value) => value || undefined)
      .refine(
        (value) => value === undefined || /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(value),
        'Enter a full UK postcode, like LS28 7AA',
      ),
  })
  .superRefine((form, context) => {
    const subtypes = SUBTYPES[form.kind] as Record<string, string>;
    if (!(form.subtype in subtypes)) {
      context.addIssue({
        code: 'custom',
        path: ['subtype'],
        message: 'Select a type that fits the kind of organisation',
      });
    }
    if (form.kind === 'practice' && !form.odsCode) {
      context.addIssue({ code: 'custom', path: ['odsCode'], message: 'Enter the practice ODS code' });
    }
    if (form.odsCode) {
      const problem = odsCodeProblem(form.subtype, form.odsCode);
      if (problem) {
        context.addIssue({ code: 'custom', path: ['odsCode'], message: problem });
      }
    }
  });
/** A valid new-organisation form. */
export type CreateOrganisationForm = z.infer<typeof CreateOrganisationForm>;

/** Inviting someone into an organisation with a role. */
export const InviteMemberBody = z.object({
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  role: z.enum(ROLE_KEYS, { error: 'Select a role' }),
});
/** A valid invitation. */
export type InviteMemberBody = z.infer<typeof InviteMemberBody>;

/** Accepting an invitation as a new person. */
export const AcceptInvitationForm = z
  .object({
    displayName: z
      .string({ error: 'Enter your full name' })
      .trim()
      .min(1, 'Enter your full name')
      .max(120, 'Name must be 120 characters or fewer'),
    password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password'),
    confirmPassword: z.string({ error: 'Confirm your password' }).min(1, 'Confirm your password'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

/** Filters on the audit log page and API. */
export const AuditQuery = z.object({
  action: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value) => value || undefined),
  actor: z
    .string()
    .trim()
    .max(254)
    .optional()
    .transform((value) => value || undefined),
  subject: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((value) => value || undefined),
  from: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || isIsoDate(value), 'Enter a real date, like 2026-11-23'),
  to: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || isIsoDate(value), 'Enter a real date, like 2026-11-23'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
/** Valid audit log filters, with the page. */
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One organisation in the JSON API. */
export const OrganisationResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  subtype: z.string(),
  odsCode: z.string().nullable(),
  parentId: z.uuid().nullable(),
  yourRoles: z.array(z.string()),
});

/** One member and their roles in the JSON API. */
export const MemberResponse = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
});

/** One audit event in the JSON API. */
export const AuditEventResponse = z.object({
  id: z.uuid(),
  at: z.string(),
  actorUserId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  requestId: z.string().nullable(),
});

/** The organisation an API route is about. */
export const OrganisationParams = z.object({ organisationId: z.string() });

/** The error body every JSON route answers with (`platform/http/errors.ts`). */
export const ErrorResponse = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
});
