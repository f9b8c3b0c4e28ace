import { z } from 'zod';

// The shape an imported ORUK 3.0 service must have. It follows the published schemas
// (schema/service.json and the files it refers to): required fields, uuid ids, uri and email
// formats, enumerations and types. It is liberal in one way only: null is read as "absent",
// which many real feeds send.

const uuid = z.guid({ message: 'must be a UUID' });
/** A URI with a scheme, as JSON Schema's "uri" format requires. */
const uri = z.string().regex(/^[a-z][a-z0-9+.-]*:[^\s]*$/i, { message: 'must be a URI such as https://example.org' });
const email = z.email({ message: 'must be an email address' });
const text = z.string().nullish();
const number = z.number().nullish();

const Phone = z.looseObject({
  id: uuid,
  number: z.string(),
  extension: z.union([z.string(), z.number()]).nullish(),
  type: text,
  description: text,
});

const TaxonomyTerm = z.looseObject({
  id: uuid,
  name: z.string(),
  description: z.string(),
  code: text,
  parent_id: uuid.nullish(),
  taxonomy: text,
  taxonomy_id: uuid.nullish(),
  term_uri: uri.nullish(),
  // Not ORUK 3.0 but sent by HSDS feeds: the taxonomy named in words (HSDS 2 vocabulary) or as an
  // object (HSDS 3 taxonomy_detail). Only read for the taxonomy's name and id, so never refused.
  vocabulary: z.unknown().optional(),
  taxonomy_detail: z.unknown().optional(),
});

const Attribute = z.looseObject({
  id: uuid,
  link_id: uuid.nullish(),
  taxonomy_term_id: uuid.nullish(),
  link_type: text,
  taxonomy_term: TaxonomyTerm.nullish(),
});

const Schedule = z.looseObject({
  id: uuid,
  valid_from: text,
  valid_to: text,
  dtstart: text,
  freq: z.enum(['WEEKLY', 'MONTHLY']).nullish(),
  interval: number,
  byday: text,
  bymonthday: text,
  description: text,
  opens_at: text,
  closes_at: text,
  schedule_link: uri.nullish(),
  attending_type: text,
  notes: text,
});

const Address = z.looseObject({
  id: uuid,
  attention: text,
  address_1: z.string(),
  address_2: text,
  city: z.string(),
  region: text,
  state_province: z.string(),
  postal_code: z.string(),
  country: z.string(),
  address_type: z.enum(['physical', 'postal', 'virtual']),
});

const Location = z.looseObject({
  id: uuid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  name: text,
  description: text,
  latitude: number,
  longitude: number,
  external_identifier: text,
  external_identifier_type: text,
  addresses: z.array(Address).nullish(),
  accessibility: z
    .array(z.looseObject({ id: uuid, description: text, details: text, url: uri.nullish(), accessibility: text }))
    .nullish(),
  phones: z.array(Phone).nullish(),
});

const Organization = z.looseObject({
  id: uuid,
  name: z.string(),
  description: z.string(),
  email: email.nullish(),
  website: uri.nullish(),
  logo: text,
  uri: uri.nullish(),
  parent_organization_id: uuid.nullish(),
  organization_identifiers: z
    .array(z.looseObject({ id: uuid, identifier_scheme: text, identifier_type: z.string(), identifier: z.string() }))
    .nullish(),
});

/** One ORUK 3.0 service as a feed or file gives it (list item or fully nested). */
export const OrukServiceImport = z.looseObject({
  id: uuid,
  organization_id: uuid.nullish(),
  name: z.string().trim().min(1, { message: 'must not be empty' }),
  description: text,
  url: uri.nullish(),
  email: email.nullish(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  fees: text,
  accreditations: text,
  eligibility_description: text,
  minimum_age: number,
  maximum_age: number,
  assured_date: text,
  assurer_email: email.nullish(),
  alert: text,
  last_modified: text,
  schedules: z.array(Schedule).nullish(),
  service_areas: z
    .array(
      z.looseObject({
        id: uuid,
        name: text,
        description: text,
        extent: text,
        extent_type: text,
        uri: text,
        service_area: text,
      }),
    )
    .nullish(),
  service_at_locations: z
    .array(
      z.looseObject({
        id: uuid,
        location_id: uuid.nullish(),
        description: text,
        location: Location.nullish(),
        schedules: z.array(Schedule).nullish(),
      }),
    )
    .nullish(),
  languages: z.array(z.looseObject({ id: uuid, name: text, code: text, note: text })).nullish(),
  organization: Organization.nullish(),
  funding: z.array(z.looseObject({ id: uuid, source: text })).nullish(),
  cost_options: z
    .array(
      z.looseObject({
        id: uuid,
        valid_from: text,
        valid_to: text,
        option: text,
        currency: text,
        amount: number,
        amount_description: text,
      }),
    )
    .nullish(),
  contacts: z
    .array(
      z.looseObject({
        id: uuid,
        name: text,
        title: text,
        department: text,
        email: email.nullish(),
        phones: z.array(Phone).nullish(),
      }),
    )
    .nullish(),
  phones: z.array(Phone).nullish(),
  attributes: z.array(Attribute).nullish(),
});
/** A parsed ORUK service from an import. */
export type OrukServiceImport = z.infer<typeof OrukServiceImport>;
/** A parsed ORUK taxonomy term. */
export type OrukTaxonomyTerm = z.infer<typeof TaxonomyTerm>;
/** Parses a taxonomy term fetched on its own (GET /taxonomy_terms/{id}). */
export const OrukTaxonomyTermImport = TaxonomyTerm;
/** Parses an organisation fetched on its own (GET /organizations/{id}). */
export const OrukOrganizationImport = Organization;

/** A schema failure as one readable line: "url must be a URI…; name: required". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'record';
      const message =
        issue.code === 'invalid_type' && issue.message.includes('undefined') ? 'is required' : issue.message;
      return `${where} ${message}`;
    })
    .join('; ');
}
