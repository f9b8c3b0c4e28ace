import { z } from 'zod';
import { isUuid } from '../../../lib/ids.ts';

/** Recording a gap in provision: the need, the area, and a note with no names. */
export const UnmetNeedForm = z.object({
  needTermId: z.string({ error: 'Select the need' }).refine(isUuid, 'Select the need'),
  area: z
    .string({ error: 'Enter the area' })
    .trim()
    .min(1, 'Enter the area, like a postcode district (LS28) or a neighbourhood')
    .max(60, 'The area must be 60 characters or fewer'),
  description: z.string().trim().max(500, 'The note must be 500 characters or fewer').optional().default(''),
});

/** What the unmet need form holds once read. */
export type UnmetNeedForm = z.infer<typeof UnmetNeedForm>;
