// The people of the demo champions: the name lists, the pipeline mix and the availability they are
// generated from (champions-seed.ts, champions-add.ts and champions-pipelines.ts use them).
import type { ChampionStage } from '../modules/champions/champions.tables.ts';
import { STAGES } from '../modules/champions/shared/champions.schemas.ts';

/** A day in milliseconds. */
export const DAY = 86_400_000;
/** The pipeline stages in order, interested to active (the module's STAGES without paused and left). */
export const PIPELINE: ChampionStage[] = STAGES.slice(0, STAGES.indexOf('active') + 1);
/** How many demo champions sit at each stage, per practice (about 20 each). */
export const STAGE_MIX: ChampionStage[] = [
  'interested',
  'interested',
  'interested',
  'conversation',
  'conversation',
  'role_offered',
  'checks',
  'checks',
  'agreements',
  'induction',
  'active',
  'active',
  'active',
  'active',
  'active',
  'paused',
  'left',
];
/** Given names of the generated champions. */
export const FIRST_NAMES = [
  'Amina',
  'Brian',
  'Chloe',
  'Dev',
  'Elsie',
  'Farah',
  'George',
  'Hana',
  'Ivan',
  'Jas',
  'Kofi',
  'Lena',
  'Mo',
  'Nadia',
  'Olu',
  'Pam',
  'Raj',
  'Sue',
  'Tariq',
  'Una',
];
/** Family names of the generated champions. */
export const SURNAMES = [
  'Ahmed',
  'Barker',
  'Clarke',
  'Dobson',
  'Evans',
  'Fraser',
  'Gill',
  'Hughes',
  'Iqbal',
  'Jenkins',
  'Khan',
  'Lowe',
  'Mensah',
  'Nowak',
  'Owen',
  'Patel',
  'Quinn',
  'Reid',
  'Shah',
  'Turner',
];
/** Interests a generated champion may tick. */
export const INTEREST_KEYS = [
  'walking',
  'gardening',
  'crafts',
  'cooking',
  'befriending',
  'wellbeing',
  'families',
  'digital',
  'welcome',
  'events',
];
/** Weekday keys of availability slots. */
export const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Parts of the day of availability slots. */
export const PART_KEYS = ['morning', 'afternoon', 'evening'];
/** Languages beyond English a generated champion may speak. */
export const LANGUAGES = ['Urdu', 'Polish', 'Punjabi', 'Bengali', 'Somali', 'Arabic', 'Gujarati'];
/** Skills a generated champion may offer. */
export const SKILLS = ['first aid', 'baking', 'knitting', 'driving', 'IT', 'gardening', 'singing', 'photography'];
/** How a generated champion heard of the programme. */
export const HEARD = ['text_message', 'poster', 'fun_day', 'staff', 'friend'];

/** A date as YYYY-MM-DD (UTC). */
export const iso = (date: Date) => date.toISOString().slice(0, 10);

/** Two or three days at one part of the day, and one more slot: varied, but the same every time. */
export function availabilityFor(seed: number): string[] {
  const part = PART_KEYS[seed % PART_KEYS.length] ?? 'morning';
  const days = [seed % 7, (seed + 2) % 7, ...(seed % 2 === 0 ? [(seed + 4) % 7] : [])].map(
    (day) => DAY_KEYS[day] ?? 'mon',
  );
  return [
    ...new Set([
      ...days.map((day) => `${day}_${part}`),
      `${DAY_KEYS[(seed + 5) % 7] ?? 'sat'}_${PART_KEYS[(seed + 1) % PART_KEYS.length] ?? 'afternoon'}`,
    ]),
  ];
}

/** One demo champion to add, with the seed that varies their details. */
export interface DemoChampion {
  organisationId: string;
  name: string;
  email: string;
  stage: ChampionStage;
  userId: string | null;
  seed: number;
  coordinatorId: string | null;
  cleared?: boolean;
  /** Availability slots ('tue_morning'); generated from the seed when not given. */
  availability?: string[];
}
