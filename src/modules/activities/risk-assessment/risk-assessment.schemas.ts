import { z } from 'zod';
import { londonToday } from '../../../lib/dates.ts';
import { paragraph } from '../lifecycle/activities.schemas.ts';

const required = (max: number, missing: string, tooLong: string) =>
  paragraph(max, tooLong).pipe(z.string().min(1, missing));

const isoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && value >= '2000-01-01' && value <= '2099-12-31';

/**
 * A risk assessment (domain W4 step 2): the venue's hazards and their controls, safeguarding,
 * lone working and insurance, when it was assessed and when it must be looked at again.
 * Dates arrive as YYYY-MM-DD, '' or 'invalid' (activities.schemas withDateField).
 */
export const RiskAssessmentForm = z
  .object({
    hazards: required(
      4000,
      'Describe the hazards, including the venue and its accessibility',
      'Hazards must be 4,000 characters or fewer',
    ),
    controls: required(4000, 'Describe how each hazard is controlled', 'Controls must be 4,000 characters or fewer'),
    safeguarding: required(
      2000,
      'Describe the safeguarding arrangements (children and adults at risk)',
      'Safeguarding must be 2,000 characters or fewer',
    ),
    loneWorking: required(
      2000,
      'Describe the lone working arrangements, or say there is no lone working',
      'Lone working must be 2,000 characters or fewer',
    ),
    insurance: required(1000, 'Say what insurance covers the activity', 'Insurance must be 1,000 characters or fewer'),
    assessedOn: z
      .string({ error: 'Enter the date of the assessment' })
      .default('')
      .refine((value) => value !== '', 'Enter the date of the assessment')
      .refine(
        (value) => value === '' || isoDate(value),
        'The date of the assessment must be a real date, like 14 3 2026',
      )
      .refine(
        (value) => !isoDate(value) || value <= londonToday(),
        'The date of the assessment must be today or in the past',
      ),
    reviewOn: z
      .string({ error: 'Enter the review date' })
      .default('')
      .refine((value) => value !== '', 'Enter the review date')
      .refine((value) => value === '' || isoDate(value), 'The review date must be a real date, like 14 3 2027'),
  })
  .superRefine((form, context) => {
    if (isoDate(form.assessedOn) && isoDate(form.reviewOn) && form.reviewOn < form.assessedOn) {
      context.addIssue({
        code: 'custom',
        path: ['reviewOn'],
        message: 'The review date must be the same as or after the date of the assessment',
      });
    }
  });

/** What the risk assessment form holds once read. */
export type RiskAssessmentForm = z.infer<typeof RiskAssessmentForm>;
