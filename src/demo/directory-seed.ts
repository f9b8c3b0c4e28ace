import { trustedScope } from '../platform/auth/policy.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import {
  type ServiceInput,
  insertServicesInBulk,
  runFreshnessSweep,
  seedTaxonomies,
  seededTermId,
  stableId,
} from '../modules/directory/index.ts';
import {
  ACCESS_NOTES,
  DEMO_TEMPLATES,
  DEMO_TOWNS,
  type DemoTown,
  EXTRA_LANGUAGES,
  FIRST_NAMES,
  LAST_NAMES,
  STREETS,
  VENUE_KINDS,
} from './directory-words.ts';
import { seededRandom } from './random.ts';
import { describeSchedule } from './directory-schedules.ts';

// About 300 fictional directory entries around the demo practices, generated the same way on
// every machine from the word lists in data/directory-words.json. Some are stale
// (review overdue), some paid, some in several languages; walking groups meet on Tuesday
// mornings. Loaded once, in a handful of multi-row statements.

/** The demo organisations that keep directory entries, by key. */
export type DemoOwners = Record<'canal' | 'millbrook' | 'hillside' | 'riverside', string>;

const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXY';
const DAY_MS = 86_400_000;

function venuesOf(town: DemoTown, townIndex: number, owner: string) {
  return [0, 1, 2, 3].map((v) => {
    const kind = VENUE_KINDS[(townIndex + v * 3) % VENUE_KINDS.length] ?? 'Community Centre';
    const street = STREETS[(townIndex * 5 + v) % STREETS.length] ?? 'Town Street';
    const letters = `${POSTCODE_LETTERS[(townIndex * 7 + v * 3) % POSTCODE_LETTERS.length]}${POSTCODE_LETTERS[(townIndex + v * 5) % POSTCODE_LETTERS.length]}`;
    const id = stableId(`demo:location:${town.name}:${v}`);
    const random = seededRandom(townIndex * 31 + v);
    return {
      name: `${town.name} ${kind}`,
      owner,
      location: {
        id,
        locationType: 'physical' as const,
        name: `${town.name} ${kind}`,
        description: null,
        latitude: Number((town.latitude + (random() - 0.5) * 0.012).toFixed(5)),
        longitude: Number((town.longitude + (random() - 0.5) * 0.018).toFixed(5)),
        externalIdentifier: null,
        externalIdentifierType: null,
        addresses: [
          {
            id: stableId(`demo:address:${town.name}:${v}`),
            attention: null,
            address1: `${((townIndex * 13 + v * 29) % 140) + 1} ${street}`,
            address2: null,
            city: town.name,
            region: town.side === 'leeds' ? 'West Yorkshire' : 'Bradford',
            stateProvince: 'England',
            postalCode: `${town.outcode} ${((townIndex + v) % 9) + 1}${letters}`,
            country: 'GB',
            addressType: 'physical' as const,
          },
        ],
        accessibility: ACCESS_NOTES.filter((_note, index) => (index + v + townIndex) % 3 === 0).map((note, index) => ({
          id: stableId(`demo:access:${town.name}:${v}:${index}`),
          description: note,
          details: null,
          url: null,
        })),
        phones: [],
      },
    };
  });
}

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The demo directory entries, the same every time for the same owners and date. */
export function buildDemoServices(owners: DemoOwners, now: Date): ServiceInput[] {
  const services: ServiceInput[] = [];
  DEMO_TOWNS.forEach((town, townIndex) => {
    const venues = venuesOf(town, townIndex, owners[town.owner]);
    DEMO_TEMPLATES.forEach((template, templateIndex) => {
      const index = townIndex * DEMO_TEMPLATES.length + templateIndex;
      const random = seededRandom(1000 + index);
      const venue = venues[templateIndex % venues.length] ?? venues[0];
      if (!venue) {
        return;
      }
      const fill = (text: string) => text.replace(/\{town\}/g, town.name).replace(/\{venue\}/g, venue.name);
      const name = fill(template.name);
      const ownerId = template.network && town.side === 'leeds' ? owners.riverside : owners[town.owner];
      const providerName = `${town.side === 'leeds' ? 'Aire Valley' : 'Idle and Thackley'} ${template.provider} (demo)`;
      const stale = index % 9 === 4;
      const lastVerified = new Date(now.getTime() - (stale ? 100 + (index % 60) : 3 + ((index * 11) % 80)) * DAY_MS);
      const firstName = FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Sue';
      const lastName = LAST_NAMES[(index * 7) % LAST_NAMES.length] ?? 'Yates';
      const phone =
        town.side === 'leeds'
          ? `0113 496 0${String(index % 1000).padStart(3, '0')}`
          : `01632 960${String(index % 1000).padStart(3, '0')}`;
      const extraLanguages = EXTRA_LANGUAGES.filter(
        (_language, languageIndex) => random() < (town.side === 'bradford' && languageIndex < 3 ? 0.35 : 0.08),
      );
      const termIds = [
        ...template.needs.map((code) => seededTermId('needs', code)),
        seededTermId('activity-categories', template.category),
        ...template.fiveWays.map((code) => seededTermId('five-ways', code)),
      ];
      const id = stableId(`demo:service:${index}`);
      services.push({
        id,
        ownerOrganisationId: ownerId,
        organizationId: null,
        organization: {
          id: stableId(`demo:provider:${town.side}:${template.provider}`),
          name: providerName,
          description: `${providerName} is a fictional local group in the Thirdspace demonstration data.`,
          email: `hello@${slugOf(template.provider)}.example.org`,
          website: `https://${slugOf(template.provider)}.example.org`,
          logo: null,
          uri: null,
          parentOrganizationId: null,
          charityNumber: null,
        },
        name,
        description: fill(template.description),
        url: index % 3 === 0 ? `https://example.org/${slugOf(name)}` : null,
        email: `${slugOf(template.key)}.${slugOf(town.name)}@example.org`,
        status: index % 37 === 5 ? 'temporarily closed' : 'active',
        fees: template.cost === null ? 'Free' : `£${template.cost.toFixed(2)} a session`,
        accreditations: null,
        eligibilityDescription: template.eligibility ?? null,
        minimumAge: template.ages?.[0] ?? null,
        maximumAge: template.ages?.[1] ?? null,
        alert: index % 37 === 5 ? 'Closed while the venue is refurbished; we will reopen in the spring.' : null,
        assuredDate: lastVerified.toISOString().slice(0, 10),
        assurerEmail: null,
        serviceAtLocations: [
          { id: stableId(`demo:sal:${index}`), description: null, location: venue.location, schedules: [] },
        ],
        schedules: [
          {
            id: stableId(`demo:schedule:${index}`),
            validFrom: null,
            validTo: null,
            dtstart: null,
            freq: template.schedule.freq,
            interval: template.schedule.interval ?? 1,
            byday: template.schedule.byday,
            bymonthday: null,
            opensAt: `${template.schedule.opens}:00`,
            closesAt: `${template.schedule.closes}:00`,
            description: describeSchedule(template.schedule),
            scheduleLink: null,
            attendingType: template.category === 'one-to-one' ? 'By phone or at home' : 'In person',
            notes: null,
          },
        ],
        contacts: [
          {
            id: stableId(`demo:contact:${index}`),
            name: `${firstName} ${lastName}`,
            title: index % 2 === 0 ? 'Group organiser' : 'Volunteer coordinator',
            department: null,
            email: null,
            phones: [
              { id: stableId(`demo:phone:${index}`), number: phone, extension: null, type: 'voice', description: null },
            ],
          },
        ],
        phones: [],
        languages: [['English', 'en'] as [string, string], ...extraLanguages].map(([languageName, code]) => ({
          id: stableId(`demo:language:${index}:${code}`),
          name: languageName,
          code,
          note: null,
        })),
        costOptions:
          template.cost === null
            ? []
            : [
                {
                  id: stableId(`demo:cost:${index}`),
                  validFrom: null,
                  validTo: null,
                  option: 'Per session',
                  currency: 'GBP',
                  amount: template.cost,
                  amountDescription: 'per session',
                },
              ],
        funding:
          index % 4 === 0
            ? [{ id: stableId(`demo:funding:${index}`), source: 'Northvale ICB community wellbeing grant (demo)' }]
            : [],
        serviceAreas: template.area
          ? [
              {
                id: stableId(`demo:area:${index}`),
                name:
                  town.side === 'leeds'
                    ? 'Pudsey, Farsley and Calverley (LS28)'
                    : 'Idle, Thackley and Greengates (BD10)',
                description: null,
                extent: null,
                extentType: null,
                uri: null,
              },
            ]
          : [],
        attributes: termIds.map((taxonomyTermId) => ({
          id: stableId(`demo:attribute:${index}:${taxonomyTermId}`),
          taxonomyTermId,
          term: null,
        })),
        published: index % 50 !== 7,
        verification: {
          lastVerifiedAt: lastVerified,
          lastVerifiedBy: null,
          verificationMethod: (['phone', 'email', 'visit', 'provider'] as const)[index % 4] ?? 'phone',
          reviewDueAt: new Date(lastVerified.getTime() + 91 * DAY_MS),
          stale,
        },
      });
    });
  });
  return services;
}

/**
 * Loads the demo directory once, then runs the freshness sweep so overdue entries have checking
 * tasks: nothing happens when it is already there or when the demo organisations are missing.
 * Returns how many services it added.
 */
export async function seedDemoDirectory(db: Kysely<Database>, now = new Date()): Promise<number> {
  const present = await db
    .selectFrom('dir_services')
    .select('id')
    .where('id', '=', stableId('demo:service:0'))
    .executeTakeFirst();
  if (present) {
    return 0;
  }
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'ods_code'])
    .where('ods_code', 'in', ['Y99901', 'Y99902', 'Y99903', 'U99001'])
    .execute();
  const idOf = (code: string) => rows.find((row) => row.ods_code === code)?.id;
  const [canal, millbrook, hillside, riverside] = [idOf('Y99901'), idOf('Y99902'), idOf('Y99903'), idOf('U99001')];
  if (!canal || !millbrook || !hillside || !riverside) {
    return 0;
  }
  await seedTaxonomies(db);
  const services = buildDemoServices({ canal, millbrook, hillside, riverside }, now);
  const added = await insertServicesInBulk(
    db,
    trustedScope([canal, millbrook, hillside, riverside], 'command'),
    services,
    { source: 'system', userId: null },
  );
  // As the nightly job would: champions see checking tasks for the overdue entries straight away.
  await runFreshnessSweep(db, now);
  return added;
}
