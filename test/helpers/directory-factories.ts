import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import {
  type ServiceContent,
  type ServiceInput,
  type ServiceRecord,
  seededTermId,
  upsertService,
} from '../../src/modules/directory/index.ts';
import { scopeOf } from './scope.ts';

/** A unique word, so a test can find its own services among everyone else's. */
export function uniqueWord(prefix = 'zq'): string {
  return `${prefix}${newId().replace(/-/g, '').slice(-10)}`;
}

/**
 * A service with every nested part filled in (provider, location with address, accessibility
 * and phone, schedules, contact with phone, languages, costs, funding, area, need terms),
 * with fresh ids. Walking group on Tuesday mornings unless overridden.
 */
export function sampleServiceContent(overrides: Partial<ServiceContent> = {}): ServiceContent {
  const locationId = newId();
  const salId = newId();
  return {
    id: newId(),
    organizationId: null,
    organization: {
      id: newId(),
      name: `Test Walkers ${uniqueWord()}`,
      description: 'A fictional walking charity',
      email: 'walkers@example.org',
      website: 'https://walkers.example.org',
      logo: null,
      uri: null,
      parentOrganizationId: null,
      charityNumber: '1234567',
    },
    name: `Tuesday Walking Group ${uniqueWord()}`,
    description: 'A gentle walk around the park. Tea afterwards.',
    url: 'https://example.org/walk',
    email: 'walk@example.org',
    status: 'active',
    fees: 'Free',
    accreditations: null,
    eligibilityDescription: 'Anyone who can walk for 30 minutes',
    minimumAge: 18,
    maximumAge: null,
    alert: null,
    assuredDate: '2026-10-01',
    assurerEmail: 'checker@example.org',
    serviceAtLocations: [
      {
        id: salId,
        description: 'Meet at the park gates',
        location: {
          id: locationId,
          locationType: 'physical',
          name: 'Pudsey Park Pavilion',
          description: null,
          latitude: 53.7956,
          longitude: -1.6627,
          externalIdentifier: null,
          externalIdentifierType: null,
          addresses: [
            {
              id: newId(),
              attention: null,
              address1: '1 Park Lane',
              address2: null,
              city: 'Pudsey',
              region: 'West Yorkshire',
              stateProvince: 'England',
              postalCode: 'LS28 7AA',
              country: 'GB',
              addressType: 'physical',
            },
          ],
          accessibility: [{ id: newId(), description: 'Step-free access', details: null, url: null }],
          phones: [{ id: newId(), number: '0113 496 0001', extension: null, type: 'voice', description: 'Pavilion' }],
        },
        schedules: [
          {
            id: newId(),
            validFrom: null,
            validTo: null,
            dtstart: null,
            freq: 'MONTHLY',
            interval: 1,
            byday: '1SA',
            bymonthday: null,
            opensAt: '09:00:00',
            closesAt: '10:00:00',
            description: 'First Saturday: longer walk',
            scheduleLink: null,
            attendingType: null,
            notes: null,
          },
        ],
      },
    ],
    schedules: [
      {
        id: newId(),
        validFrom: '2026-01-01',
        validTo: null,
        dtstart: null,
        freq: 'WEEKLY',
        interval: 1,
        byday: 'TU',
        bymonthday: null,
        opensAt: '10:00:00',
        closesAt: '11:30:00',
        description: 'Every Tuesday, 10am to 11:30am',
        scheduleLink: null,
        attendingType: 'In person',
        notes: null,
      },
    ],
    contacts: [
      {
        id: newId(),
        name: 'Sue Ackroyd',
        title: 'Walk leader',
        department: null,
        email: 'sue@example.org',
        phones: [{ id: newId(), number: '0113 496 0002', extension: null, type: 'voice', description: null }],
      },
    ],
    phones: [{ id: newId(), number: '0113 496 0003', extension: '12', type: 'voice', description: 'Bookings' }],
    languages: [
      { id: newId(), name: 'English', code: 'en', note: null },
      { id: newId(), name: 'Urdu', code: 'ur', note: 'Some walk leaders speak Urdu' },
    ],
    costOptions: [
      {
        id: newId(),
        validFrom: null,
        validTo: null,
        option: 'Tea and biscuits',
        currency: 'GBP',
        amount: 1.5,
        amountDescription: 'optional',
      },
    ],
    funding: [{ id: newId(), source: 'Community grant' }],
    serviceAreas: [
      { id: newId(), name: 'Pudsey (LS28)', description: null, extent: null, extentType: null, uri: null },
    ],
    attributes: [
      { id: newId(), taxonomyTermId: seededTermId('needs', 'physical-activity'), term: null },
      { id: newId(), taxonomyTermId: seededTermId('needs', 'loneliness'), term: null },
      { id: newId(), taxonomyTermId: seededTermId('activity-categories', 'physical-activity'), term: null },
    ],
    ...overrides,
  };
}

/** The same content as a record read back from the database would look (for presenter tests). */
export function sampleServiceRecord(overrides: Partial<ServiceContent> = {}): ServiceRecord {
  const content = sampleServiceContent(overrides);
  return {
    ...content,
    organizationId: content.organization?.id ?? content.organizationId,
    attributes: content.attributes.map((attribute) => ({
      ...attribute,
      term: {
        id: attribute.taxonomyTermId,
        name: 'Physical activity',
        description: 'Walking',
        code: 'physical-activity',
        taxonomyId: null,
        taxonomyName: 'Needs',
        parentId: null,
        termUri: null,
      },
    })),
    ownerOrganisationId: newId(),
    ownerOrganisationName: 'Canal Street Surgery (test)',
    ownerOdsCode: 'Y12345',
    published: true,
    stale: false,
    lastVerifiedAt: null,
    lastVerifiedBy: null,
    verificationMethod: null,
    reviewDueAt: null,
    sourceActivityId: null,
    createdAt: new Date('2026-11-01T10:00:00Z'),
    lastModified: new Date('2026-11-02T10:00:00Z'),
  };
}

/** Creates a service kept by `ownerId` (upserted as staff would) and returns its input. */
export async function buildDirectoryService(
  db: Kysely<Database>,
  ownerId: string,
  overrides: Partial<ServiceInput> = {},
): Promise<ServiceInput> {
  const input: ServiceInput = { ...sampleServiceContent(), ownerOrganisationId: ownerId, ...overrides };
  await upsertService(db, scopeOf(ownerId), input, { source: 'staff', userId: null });
  return input;
}
