import { readFileSync } from 'node:fs';

// Small word lists the demo directory is generated from (src/demo/directory-seed.ts), kept in
// data/directory-words.json. Every
// place, venue, group and person here is fictional; phone numbers are from Ofcom's ranges
// for drama (0113 496 0xxx, 01632 960xxx) and web addresses use example.org.

/** A place the demo services are in, with its centre, postcode district and keeper. */
export interface DemoTown {
  name: string;
  outcode: string;
  latitude: number;
  longitude: number;
  /** Demo organisation key (src/demo/seed.ts) that keeps this town's entries. */
  owner: 'canal' | 'millbrook' | 'hillside';
  side: 'leeds' | 'bradford';
}

/** One kind of service, repeated in every town. `{town}` and `{venue}` are filled in. */
export interface DemoTemplate {
  key: string;
  name: string;
  description: string;
  provider: string;
  needs: string[];
  category: string;
  fiveWays: string[];
  /** RRULE-style: WEEKLY days (MO,TU) or MONTHLY with ordinals (1WE, -1FR). */
  schedule: { freq: 'WEEKLY' | 'MONTHLY'; byday: string; opens: string; closes: string; interval?: number };
  /** Pounds a session; null for free. */
  cost: number | null;
  ages?: [number | null, number | null];
  eligibility?: string;
  /** Kept by the network rather than the town's practice. */
  network?: boolean;
  area?: boolean;
}

/** The word lists, as data/directory-words.json holds them. */
interface DirectoryWords {
  DEMO_TOWNS: DemoTown[];
  VENUE_KINDS: string[];
  STREETS: string[];
  ACCESS_NOTES: string[];
  FIRST_NAMES: string[];
  LAST_NAMES: string[];
  EXTRA_LANGUAGES: [name: string, code: string][];
  DEMO_TEMPLATES: DemoTemplate[];
}

const words: DirectoryWords = JSON.parse(readFileSync(new URL('./data/directory-words.json', import.meta.url), 'utf8'));

/** Ten places around the demo practices: LS28 (Pudsey side) and BD10 (Idle side). */
export const DEMO_TOWNS = words.DEMO_TOWNS;
/** Venue kinds and streets; each town gets four venues made from them. */
export const VENUE_KINDS = words.VENUE_KINDS;
/** Street names for venue addresses. */
export const STREETS = words.STREETS;
/** Accessibility notes for venues. */
export const ACCESS_NOTES = words.ACCESS_NOTES;
/** Contact first names. */
export const FIRST_NAMES = words.FIRST_NAMES;
/** Contact family names. */
export const LAST_NAMES = words.LAST_NAMES;
/** Languages beyond English (BCP 47 codes); the Bradford side leans to the first few. */
export const EXTRA_LANGUAGES = words.EXTRA_LANGUAGES;
/** Thirty kinds of service found around GP practices (domain research §2.1 and §4). */
export const DEMO_TEMPLATES = words.DEMO_TEMPLATES;
