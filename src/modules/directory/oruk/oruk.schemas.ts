import { z } from 'zod';

// The ORUK read API's boundary: the query strings of its endpoints. The shape an imported
// service must have is in oruk-import.schemas.ts.

/** The most results one page may ask for; larger per_page values are capped to this. */
export const MAX_PER_PAGE = 200;
/** Page size when none is asked for. */
export const DEFAULT_PER_PAGE = 50;
/** For ?minimal=true, which should return everything in one call where it can. */
export const MAX_MINIMAL_PER_PAGE = 10_000;

const booleanParam = z
  .enum(['true', 'false', '1', '0'], { message: 'Use true or false' })
  .transform((value) => value === 'true' || value === '1');
const idParam = z.guid({ message: 'Use an id in UUID form' });
const page = z.coerce
  .number({ message: 'Use a whole number from 1' })
  .int({ message: 'Use a whole number from 1' })
  .min(1, { message: 'Pages start at 1' })
  .max(1_000_000)
  .default(1);
const perPage = z.coerce
  .number({ message: 'Use a whole number from 1' })
  .int({ message: 'Use a whole number from 1' })
  .min(1, { message: 'Ask for at least 1 result a page' })
  .optional();
/** Free text a person typed: no control characters (PostgreSQL refuses NUL in text). */
export const SearchText = z
  .string()
  .trim()
  .max(200, { message: 'Search for 200 characters or fewer' })
  .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]*$/, {
    message: 'Search for letters, numbers and punctuation only',
  });
const search = SearchText.optional();
const format = z.enum(['json', 'ndjson'], { message: 'Use json or ndjson' }).default('json');
const modifiedAfter = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
    message: 'Use a date or date-time such as 2025-01-31T09:00:00Z',
  })
  .transform((value, context) => {
    const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
    if (Number.isNaN(parsed.getTime())) {
      context.addIssue({ code: 'custom', message: 'Use a real date' });
      return z.NEVER;
    }
    return parsed;
  })
  .optional();

/** Query string of GET /oruk/services. */
export const ServiceListQuery = z.object({
  search,
  page,
  per_page: perPage,
  format,
  taxonomy_term_id: idParam.optional(),
  taxonomy_id: idParam.optional(),
  organization_id: idParam.optional(),
  modified_after: modifiedAfter,
  minimal: booleanParam.optional(),
  full: booleanParam.optional(),
});
/** Parsed GET /oruk/services query. */
export type ServiceListQuery = z.infer<typeof ServiceListQuery>;

/** Query string of GET /oruk/service_at_locations (adds postcode and proximity in metres). */
export const ServiceAtLocationListQuery = ServiceListQuery.omit({ minimal: true }).extend({
  postcode: z
    .string()
    .trim()
    .max(10)
    .regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]?( ?\d[A-Za-z]{2})?$/, {
      message: 'Enter a UK postcode, like LS28 7AA, or a postcode district, like LS28',
    })
    .optional(),
  proximity: z.coerce
    .number({ message: 'Give a distance in metres' })
    .positive({ message: 'Give a distance in metres' })
    .max(1_000_000, { message: 'Give a distance up to 1,000,000 metres' })
    .optional(),
});
/** Parsed GET /oruk/service_at_locations query. */
export type ServiceAtLocationListQuery = z.infer<typeof ServiceAtLocationListQuery>;

/** Query string of GET /oruk/organizations. */
export const OrganizationListQuery = z.object({
  search,
  page,
  per_page: perPage,
  format,
  full_service: booleanParam.optional(),
  full: booleanParam.optional(),
});
/** Query string of GET /oruk/organizations/{id}. */
export const OrganizationQuery = z.object({ full_service: booleanParam.optional() });
/** Query string of GET /oruk/taxonomies. */
export const TaxonomyListQuery = z.object({ search, page, per_page: perPage, format });
/** Query string of GET /oruk/taxonomy_terms. */
export const TaxonomyTermListQuery = TaxonomyListQuery.extend({
  taxonomy_id: idParam.optional(),
  parent_id: idParam.optional(),
  top_only: booleanParam.optional(),
});
/** Path of every {id} endpoint (checked as a UUID by the handler, so a bad id is a 404). */
export const IdParams = z.object({ id: z.string().max(100) });
