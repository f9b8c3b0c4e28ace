import { dateParts, formatDay } from '../../../lib/dates.ts';
import { formatNhsNumber } from '../shared/nhs-number.rules.ts';
import { CONTACT_PREFERENCES } from './people.schemas.ts';
import type { Person } from './people.service.ts';

/** A person as a page shows them. */
export interface PersonView {
  id: string;
  name: string;
  dateOfBirth: string;
  nhsNumber: string;
  phone: string;
  email: string;
  contactPreference: string;
  href: string;
}

/** A person for the record and search pages. */
export function presentPerson(person: Person): PersonView {
  return {
    id: person.id,
    name: `${person.givenName} ${person.familyName}`,
    dateOfBirth: formatDay(person.dateOfBirth),
    nhsNumber: person.nhsNumber ? formatNhsNumber(person.nhsNumber) : 'Not recorded',
    phone: person.phone ?? 'Not recorded',
    email: person.email ?? 'Not recorded',
    contactPreference: CONTACT_PREFERENCES[person.contactPreference],
    href: `/organisations/${person.organisationId}/people/${person.id}`,
  };
}

/** A person's details as the edit form's values (the date split into its three fields). */
export function personFormValues(person: Person): Record<string, string> {
  const born = dateParts(person.dateOfBirth);
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    'dateOfBirth[day]': born.day,
    'dateOfBirth[month]': born.month,
    'dateOfBirth[year]': born.year,
    nhsNumber: person.nhsNumber ? formatNhsNumber(person.nhsNumber) : '',
    phone: person.phone ?? '',
    email: person.email ?? '',
    contactPreference: person.contactPreference,
  };
}

/** The contact preference radios, the chosen one ticked. */
export function preferenceItems(chosen: unknown): { value: string; text: string; checked: boolean }[] {
  return Object.entries(CONTACT_PREFERENCES).map(([value, text]) => ({ value, text, checked: value === chosen }));
}
