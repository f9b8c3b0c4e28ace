import { createHash } from 'node:crypto';

/** Namespace for the directory's fixed, name-derived ids (taxonomies, terms, demo records). */
const THIRDSPACE_NAMESPACE = '6f1c2a4e-8d3b-5c7a-9e1f-0a2b3c4d5e6f';

/**
 * A fixed UUID (version 5, RFC 9562) derived from a name, so seeded rows keep the same id on
 * every machine and every run: seeding is idempotent and other code can refer to the ids.
 */
export function stableId(name: string): string {
  const namespace = Buffer.from(THIRDSPACE_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A taxonomy the app ships, with its terms (code → name and description). */
export interface SeedTaxonomy {
  key: string;
  id: string;
  name: string;
  description: string;
  reviewMonths: number;
  terms: { code: string; id: string; name: string; description: string }[];
}

function taxonomy(
  key: string,
  name: string,
  description: string,
  reviewMonths: number,
  terms: [code: string, name: string, description: string][],
): SeedTaxonomy {
  return {
    key,
    id: stableId(`taxonomy:${key}`),
    name,
    description,
    reviewMonths,
    terms: terms.map(([code, termName, termDescription]) => ({
      code,
      id: stableId(`taxonomy-term:${key}:${code}`),
      name: termName,
      description: termDescription,
    })),
  };
}

/** What people come to the practice needing help with: how staff and patients search the directory. */
export const NEEDS_TAXONOMY = taxonomy(
  'needs',
  'Needs',
  'What a person needs help with, as care navigators and link workers search for it.',
  3,
  [
    ['loneliness', 'Loneliness and isolation', 'Meeting people, making friends, feeling less alone'],
    ['money', 'Money and debt', 'Benefits, debt advice, budgeting, help with bills'],
    ['housing', 'Housing', 'Housing advice, homelessness, repairs, keeping warm'],
    ['carers', 'Carers', 'Support for people who look after a family member or friend'],
    ['mental-wellbeing', 'Mental wellbeing', 'Low mood, anxiety, stress, talking therapies and peer support'],
    ['physical-activity', 'Physical activity', 'Walking, gentle exercise, sport and staying active'],
    [
      'long-term-conditions',
      'Long-term conditions',
      'Living well with diabetes, heart and lung conditions, arthritis and pain',
    ],
    ['parents-and-babies', 'Parents and babies', 'Pregnancy, feeding, baby groups and support for new parents'],
    ['food', 'Food', 'Food banks, community meals, cooking and healthy eating'],
    ['employment', 'Work and skills', 'Finding work, volunteering, training and skills'],
    ['bereavement', 'Bereavement', 'Support after someone dies'],
    ['older-people', 'Older people', 'Staying independent, social groups and help at home for older people'],
    ['young-people', 'Young people', 'Youth groups and support for young people'],
    ['digital-skills', 'Digital skills', 'Help using phones, computers and the internet'],
    ['drugs-and-alcohol', 'Drugs and alcohol', 'Support to cut down or stop drinking or using drugs'],
    ['memory', 'Memory and dementia', 'Support for people living with dementia and those who care for them'],
  ],
);

/** How champion activities are grouped (domain research §2.1). */
export const ACTIVITY_TAXONOMY = taxonomy(
  'activity-categories',
  'Activity categories',
  'The kinds of activity practice health champions and local groups run.',
  3,
  [
    [
      'social-connection',
      'Social connection and peer support',
      'Cuppa and chat, knit and natter, wellbeing cafés, befriending, singing and dementia groups',
    ],
    ['physical-activity', 'Physical activity', 'Health walks, chair yoga, gentle exercise, cycling'],
    ['creative-learning', 'Creative and learning', 'Music, crafts, mindfulness courses and learning together'],
    [
      'condition-specific',
      'Condition or life-stage specific',
      'Groups for a condition or a time of life: breastfeeding, diabetes, new parents, men’s health',
    ],
    ['information', 'Information and signposting', 'Information stands, folders and help finding local services'],
    [
      'practice-support',
      'Practice and service support',
      'Helping at flu clinics, greeting in reception, blood pressure checks',
    ],
    ['one-to-one', 'One-to-one practical', 'Visiting people at home and going with them to appointments'],
    ['community-events', 'Community events', 'Wellbeing fun days and other events open to all'],
  ],
);

/** New Economics Foundation's Five Ways to Wellbeing, a secondary tag for activities. */
export const FIVE_WAYS_TAXONOMY = taxonomy(
  'five-ways',
  'Five Ways to Wellbeing',
  'The New Economics Foundation’s five evidence-based actions for wellbeing.',
  6,
  [
    ['connect', 'Connect', 'With the people around you'],
    ['be-active', 'Be active', 'Find a physical activity you enjoy'],
    ['take-notice', 'Take notice', 'Be curious and notice the world around you'],
    ['keep-learning', 'Keep learning', 'Try something new'],
    ['give', 'Give', 'Do something for someone else'],
  ],
);

/** Every taxonomy the app ships. */
export const SEED_TAXONOMIES: readonly SeedTaxonomy[] = [NEEDS_TAXONOMY, ACTIVITY_TAXONOMY, FIVE_WAYS_TAXONOMY];

/** The fixed id of a shipped term, by taxonomy key and code; throws for a code that does not exist. */
export function seededTermId(taxonomyKey: string, code: string): string {
  const found = SEED_TAXONOMIES.find((entry) => entry.key === taxonomyKey)?.terms.find((term) => term.code === code);
  if (!found) {
    throw new Error(`No seeded taxonomy term ${taxonomyKey}:${code}`);
  }
  return found.id;
}
