import { z } from 'zod';

/** A take-a-place or leave-a-place button: the form carries nothing but the CSRF token. */
export const PlaceButtonForm = z.object({});
/** What a place button sends. */
export type PlaceButtonForm = z.infer<typeof PlaceButtonForm>;
