import { z } from 'zod';
import { CHECK_LEVEL_LABELS, isPlausibleDate } from '../shared/champions.schemas.ts';
import { londonToday } from '../../../lib/dates.ts';

const text = (max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : value === undefined ? '' : value),
    z.string().max(max, `Must be ${max} characters or fewer`),
  );
const pastDate = (missing: string) =>
  text(10)
    .refine((value) => value !== '', missing)
    .refine((value) => value === '' || isPlausibleDate(value), 'Enter a real date, like 27 3 2026')
    .refine((value) => !isPlausibleDate(value) || value <= londonToday(), 'The date must be today or in the past');
const optionalFutureDate = text(10).refine(
  (value) => value === '' || isPlausibleDate(value),
  'Enter a real date, like 27 3 2027',
);

/** A DBS check decision. There is deliberately no field for conviction details. */
export const CheckForm = z.object({
  level: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z
      .string()
      .refine((value) => value !== 'none' && Object.hasOwn(CHECK_LEVEL_LABELS, value), 'Select the level of check'),
  ),
  issuedOn: pastDate('Enter the date on the certificate'),
  certificateReference: text(20).pipe(z.string().regex(/^\d{12}$/, 'Enter the 12-digit certificate number')),
  updateService: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.enum(['yes', 'no'], { error: 'Select whether they are on the DBS Update Service' }),
  ),
  expiresOn: optionalFutureDate,
});

/** A reference received. */
export const ReferenceForm = z.object({
  refereeName: text(200).pipe(z.string().min(1, 'Enter the referee’s name')),
  receivedOn: pastDate('Enter the date the reference was received'),
});

/** Training a champion has done. */
export const TrainingForm = z.object({
  course: text(120).pipe(z.string().min(1, 'Select the course')),
  completedOn: pastDate('Enter the date they completed the course'),
  expiresOn: optionalFutureDate,
});

/** A new role template. */
export const RoleTemplateForm = z.object({
  name: text(120).pipe(z.string().min(1, 'Enter the name of the role')),
  description: text(500),
  checkLevel: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.string().refine((value) => Object.hasOwn(CHECK_LEVEL_LABELS, value), 'Select the check the role needs'),
  ),
  referencesRequired: z.preprocess(
    (value) => (typeof value === 'string' && /^\d$/.test(value.trim()) ? Number(value) : -1),
    z
      .number()
      .int()
      .min(0, 'Enter a number of references from 0 to 5')
      .max(5, 'Enter a number of references from 0 to 5'),
  ),
  training: text(500),
  /** A ticked "Directory research" box: holders may claim directory checking tasks. */
  directoryResearch: z.preprocess(
    (value) => (Array.isArray(value) ? value.includes('yes') : value === 'yes'),
    z.boolean(),
  ),
});

/** Turning directory research on or off for an existing role. */
export const DirectoryResearchForm = z.object({
  grants: z.preprocess(
    (value) => (typeof value === 'string' ? value : ''),
    z.enum(['yes', 'no'], { error: 'Choose whether the role checks directory entries' }),
  ),
});

/** Giving a champion a role. */
export const AssignRoleForm = z.object({
  roleTemplateId: z.preprocess((value) => (typeof value === 'string' ? value : ''), z.string().min(1, 'Select a role')),
});
