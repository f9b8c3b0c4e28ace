// Small word lists the demo directory is generated from (src/demo/directory-seed.ts). Every
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

/** Ten places around the demo practices: LS28 (Pudsey side) and BD10 (Idle side). */
export const DEMO_TOWNS: DemoTown[] = [
  { name: 'Pudsey', outcode: 'LS28', latitude: 53.7956, longitude: -1.6627, owner: 'canal', side: 'leeds' },
  { name: 'Farsley', outcode: 'LS28', latitude: 53.8112, longitude: -1.6712, owner: 'millbrook', side: 'leeds' },
  { name: 'Calverley', outcode: 'LS28', latitude: 53.8262, longitude: -1.6881, owner: 'millbrook', side: 'leeds' },
  { name: 'Stanningley', outcode: 'LS28', latitude: 53.8063, longitude: -1.6585, owner: 'canal', side: 'leeds' },
  { name: 'Troydale', outcode: 'LS28', latitude: 53.7889, longitude: -1.6489, owner: 'millbrook', side: 'leeds' },
  { name: 'Idle', outcode: 'BD10', latitude: 53.8363, longitude: -1.7452, owner: 'hillside', side: 'bradford' },
  { name: 'Thackley', outcode: 'BD10', latitude: 53.8464, longitude: -1.7351, owner: 'hillside', side: 'bradford' },
  { name: 'Greengates', outcode: 'BD10', latitude: 53.8262, longitude: -1.7116, owner: 'hillside', side: 'bradford' },
  {
    name: 'Apperley Bridge',
    outcode: 'BD10',
    latitude: 53.8421,
    longitude: -1.7053,
    owner: 'hillside',
    side: 'bradford',
  },
  {
    name: 'Five Lane Ends',
    outcode: 'BD10',
    latitude: 53.8266,
    longitude: -1.7329,
    owner: 'hillside',
    side: 'bradford',
  },
];

/** Venue kinds and streets; each town gets four venues made from them. */
export const VENUE_KINDS = [
  'Community Centre',
  'Methodist Church Hall',
  'Library',
  'Park Pavilion',
  'Scout Hut',
  'Leisure Centre',
  'Baptist Church Rooms',
  'Cricket Club',
];
/** Street names for venue addresses. */
export const STREETS = [
  'Town Street',
  'Chapel Lane',
  'Mill Road',
  'Station Road',
  'Church Lane',
  'Victoria Street',
  'Park Avenue',
  'Highfield Road',
  'Water Lane',
  'Occupation Lane',
  'Moor Lane',
  'Albion Street',
];
/** Accessibility notes for venues. */
export const ACCESS_NOTES = [
  'Step-free entrance from the car park',
  'Hearing loop at the front desk and in the main hall',
  'Accessible toilet on the ground floor',
  'Blue badge parking next to the entrance',
  'The main hall is upstairs; there is a lift',
  'Quiet room available on request',
];
/** Contact first names. */
export const FIRST_NAMES = [
  'Sue',
  'Derek',
  'Aisha',
  'Pat',
  'Imran',
  'Janet',
  'Kofi',
  'Linda',
  'Marek',
  'Nasreen',
  'Olive',
  'Raj',
  'Shirley',
  'Tariq',
  'Val',
  'Wendy',
];
/** Contact family names. */
export const LAST_NAMES = [
  'Ackroyd',
  'Bashir',
  'Crowther',
  'Dobson',
  'Hussain',
  'Illingworth',
  'Kowalski',
  'Mahmood',
  'Priestley',
  'Sutcliffe',
  'Whiteley',
  'Yates',
];
/** Languages beyond English (BCP 47 codes); the Bradford side leans to the first few. */
export const EXTRA_LANGUAGES: [name: string, code: string][] = [
  ['Urdu', 'ur'],
  ['Punjabi', 'pa'],
  ['Bengali', 'bn'],
  ['Polish', 'pl'],
  ['Arabic', 'ar'],
  ['British Sign Language', 'bfi'],
];

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

/** Thirty kinds of service found around GP practices (domain research §2.1 and §4). */
export const DEMO_TEMPLATES: DemoTemplate[] = [
  {
    key: 'walk',
    name: '{town} Tuesday Walking Group',
    description:
      'A friendly, gentle walk of about 45 minutes around {town}, led by trained volunteer walk leaders, with a cup of tea at {venue} afterwards. No need to book: just turn up in comfortable shoes.',
    provider: 'Walking Friends',
    needs: ['physical-activity', 'loneliness'],
    category: 'physical-activity',
    fiveWays: ['be-active', 'connect'],
    schedule: { freq: 'WEEKLY', byday: 'TU', opens: '10:00', closes: '11:30' },
    cost: null,
  },
  {
    key: 'cuppa',
    name: '{town} Cuppa and Chat',
    description:
      'Drop in for a hot drink, a biscuit and a chat with neighbours at {venue}. Volunteers are on hand to welcome newcomers.',
    provider: 'Community Trust',
    needs: ['loneliness', 'older-people'],
    category: 'social-connection',
    fiveWays: ['connect'],
    schedule: { freq: 'WEEKLY', byday: 'WE', opens: '14:00', closes: '15:30' },
    cost: null,
  },
  {
    key: 'knit',
    name: 'Knit and Natter at {venue}',
    description:
      'Bring your knitting or crochet, or learn from scratch: wool and needles provided. A relaxed group for all abilities.',
    provider: 'Community Trust',
    needs: ['loneliness', 'mental-wellbeing'],
    category: 'creative-learning',
    fiveWays: ['connect', 'keep-learning'],
    schedule: { freq: 'WEEKLY', byday: 'TH', opens: '10:00', closes: '12:00' },
    cost: 2,
  },
  {
    key: 'carers',
    name: '{town} Carers’ Café',
    description:
      'A monthly café for people who look after a family member or friend: a break, a chat and information about support for carers.',
    provider: 'Carers Network',
    needs: ['carers', 'mental-wellbeing'],
    category: 'social-connection',
    fiveWays: ['connect'],
    schedule: { freq: 'MONTHLY', byday: '1WE', opens: '10:30', closes: '12:00' },
    cost: null,
    eligibility: 'For unpaid carers of any age; the person you care for is welcome too.',
  },
  {
    key: 'money',
    name: '{town} Money Advice Drop-in',
    description:
      'Free, confidential advice on benefits, debts, budgeting and help with energy bills, from trained advisers at {venue}.',
    provider: 'Money Advice',
    needs: ['money', 'housing'],
    category: 'information',
    fiveWays: [],
    schedule: { freq: 'WEEKLY', byday: 'MO', opens: '09:30', closes: '12:30' },
    cost: null,
    ages: [18, null],
    network: true,
  },
  {
    key: 'chair-yoga',
    name: 'Chair Yoga ({town})',
    description:
      'Gentle yoga done sitting on, or holding, a chair. Good for stiff joints, balance and breathing. Tell the teacher about any health conditions.',
    provider: 'Active Lives',
    needs: ['physical-activity', 'long-term-conditions', 'older-people'],
    category: 'physical-activity',
    fiveWays: ['be-active', 'take-notice'],
    schedule: { freq: 'WEEKLY', byday: 'FR', opens: '11:00', closes: '12:00' },
    cost: 3,
  },
  {
    key: 'pram-walk',
    name: '{town} New Parents’ Pram Walk',
    description:
      'A buggy-friendly walk for new parents and carers with babies, finishing with a drink and a chat at {venue}.',
    provider: 'Family Hub',
    needs: ['parents-and-babies', 'physical-activity', 'loneliness'],
    category: 'condition-specific',
    fiveWays: ['be-active', 'connect'],
    schedule: { freq: 'WEEKLY', byday: 'TU', opens: '10:30', closes: '11:30' },
    cost: null,
  },
  {
    key: 'baby',
    name: 'Baby and Me Group ({town})',
    description:
      'Play, songs and support for parents and babies up to 12 months. Health visitors drop in on the first week of the month.',
    provider: 'Family Hub',
    needs: ['parents-and-babies'],
    category: 'condition-specific',
    fiveWays: ['connect', 'keep-learning'],
    schedule: { freq: 'WEEKLY', byday: 'TH', opens: '09:30', closes: '11:00' },
    cost: null,
  },
  {
    key: 'feeding',
    name: 'Infant Feeding Support ({town})',
    description:
      'Peer supporters help with breastfeeding, bottle feeding and starting solids, seven days after birth and beyond.',
    provider: 'Family Hub',
    needs: ['parents-and-babies'],
    category: 'condition-specific',
    fiveWays: ['connect'],
    schedule: { freq: 'WEEKLY', byday: 'WE', opens: '10:00', closes: '11:30' },
    cost: null,
  },
  {
    key: 'pantry',
    name: '{town} Community Food Pantry',
    description:
      'Members choose ten items of food and household goods each visit for a small weekly payment, and can get help with money and cooking on a budget.',
    provider: 'Community Trust',
    needs: ['food', 'money'],
    category: 'social-connection',
    fiveWays: ['connect', 'give'],
    schedule: { freq: 'WEEKLY', byday: 'FR', opens: '13:00', closes: '15:00' },
    cost: 3.5,
    eligibility: 'Open to anyone living locally who is finding money tight; no referral needed.',
  },
  {
    key: 'shed',
    name: 'Men’s Shed {town}',
    description:
      'A workshop space to make, mend and chat. Woodwork, bike repair and gardening projects; tools and tea provided.',
    provider: 'Men’s Shed',
    needs: ['loneliness', 'mental-wellbeing'],
    category: 'creative-learning',
    fiveWays: ['connect', 'keep-learning', 'give'],
    schedule: { freq: 'WEEKLY', byday: 'MO,TH', opens: '10:00', closes: '15:00' },
    cost: 1,
  },
  {
    key: 'diabetes',
    name: 'Diabetes Self-Help Group ({town})',
    description:
      'People living with type 2 diabetes share tips on food, activity and medication, with a practice nurse joining every other month.',
    provider: 'Health Circles',
    needs: ['long-term-conditions'],
    category: 'condition-specific',
    fiveWays: ['keep-learning', 'connect'],
    schedule: { freq: 'MONTHLY', byday: '2TU', opens: '18:30', closes: '20:00' },
    cost: null,
  },
  {
    key: 'singing',
    name: 'Singing for Better Breathing ({town})',
    description:
      'Singing exercises and songs that help people with COPD, asthma and other lung conditions manage their breathing.',
    provider: 'Health Circles',
    needs: ['long-term-conditions', 'mental-wellbeing'],
    category: 'condition-specific',
    fiveWays: ['connect', 'take-notice'],
    schedule: { freq: 'WEEKLY', byday: 'WE', opens: '13:30', closes: '14:30' },
    cost: 2,
  },
  {
    key: 'memory',
    name: 'Memory Café ({town})',
    description:
      'A welcoming afternoon for people living with dementia and those who care for them: music, reminiscence and information.',
    provider: 'Carers Network',
    needs: ['memory', 'carers', 'loneliness'],
    category: 'social-connection',
    fiveWays: ['connect', 'take-notice'],
    schedule: { freq: 'MONTHLY', byday: '-1FR', opens: '14:00', closes: '16:00' },
    cost: null,
  },
  {
    key: 'bereavement',
    name: '{town} Bereavement Support Group',
    description:
      'A small, confidential group for adults who have lost someone close, facilitated by trained volunteers.',
    provider: 'Community Trust',
    needs: ['bereavement', 'mental-wellbeing'],
    category: 'social-connection',
    fiveWays: ['connect'],
    schedule: { freq: 'MONTHLY', byday: '3TH', opens: '18:00', closes: '19:30' },
    cost: null,
    ages: [18, null],
  },
  {
    key: 'digital',
    name: 'Digital Help Drop-in ({town})',
    description:
      'One-to-one help with phones, tablets and computers: the NHS App, video calls, online shopping and staying safe online.',
    provider: 'Library Friends',
    needs: ['digital-skills', 'older-people'],
    category: 'information',
    fiveWays: ['keep-learning'],
    schedule: { freq: 'WEEKLY', byday: 'SA', opens: '10:00', closes: '12:00' },
    cost: null,
  },
  {
    key: 'jobs',
    name: '{town} Job Club',
    description:
      'Help with CVs, applications, interviews and finding volunteering, with computers to use and advisers to talk to.',
    provider: 'Money Advice',
    needs: ['employment', 'money'],
    category: 'information',
    fiveWays: ['keep-learning'],
    schedule: { freq: 'WEEKLY', byday: 'TU', opens: '13:00', closes: '15:00' },
    cost: null,
    ages: [16, null],
    network: true,
  },
  {
    key: 'youth',
    name: 'Youth Wellbeing Club ({town})',
    description:
      'A safe space for young people to relax, play games, talk about how they feel and get support from youth workers.',
    provider: 'Youth Project',
    needs: ['young-people', 'mental-wellbeing'],
    category: 'social-connection',
    fiveWays: ['connect', 'be-active'],
    schedule: { freq: 'WEEKLY', byday: 'WE', opens: '17:00', closes: '19:00' },
    cost: null,
    ages: [11, 18],
  },
  {
    key: 'befriending',
    name: '{town} Telephone Befriending',
    description: 'A regular friendly phone call or home visit from a volunteer for people who feel lonely or cut off.',
    provider: 'Community Trust',
    needs: ['loneliness', 'older-people'],
    category: 'one-to-one',
    fiveWays: ['connect', 'give'],
    schedule: { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens: '09:00', closes: '17:00' },
    cost: null,
    area: true,
    network: true,
  },
  {
    key: 'alcohol',
    name: 'Cutting Down Drinking Group ({town})',
    description:
      'Friendly, non-judgemental support to drink less, with tips, goal setting and links to specialist services.',
    provider: 'Health Circles',
    needs: ['drugs-and-alcohol', 'mental-wellbeing'],
    category: 'condition-specific',
    fiveWays: ['take-notice'],
    schedule: { freq: 'WEEKLY', byday: 'TH', opens: '18:00', closes: '19:30' },
    cost: null,
    ages: [18, null],
  },
  {
    key: 'walk-talk',
    name: 'Park, Walk and Talk ({town})',
    description: 'A Saturday morning walk in the park with time to talk, for anyone feeling low or stressed.',
    provider: 'Walking Friends',
    needs: ['mental-wellbeing', 'physical-activity'],
    category: 'physical-activity',
    fiveWays: ['be-active', 'take-notice', 'connect'],
    schedule: { freq: 'WEEKLY', byday: 'SA', opens: '09:00', closes: '10:00' },
    cost: null,
  },
  {
    key: 'ukulele',
    name: 'Ukulele Group ({town})',
    description:
      'Learn to play the ukulele in a sociable group; instruments can be borrowed. Complete beginners welcome.',
    provider: 'Arts Collective',
    needs: ['loneliness', 'mental-wellbeing'],
    category: 'creative-learning',
    fiveWays: ['keep-learning', 'connect'],
    schedule: { freq: 'WEEKLY', byday: 'MO', opens: '19:00', closes: '20:30' },
    cost: 4,
  },
  {
    key: 'mindfulness',
    name: 'Mindfulness for Everyday Life ({town})',
    description: 'An eight-week course in simple mindfulness practices to manage stress, low mood and worry.',
    provider: 'Arts Collective',
    needs: ['mental-wellbeing'],
    category: 'creative-learning',
    fiveWays: ['take-notice', 'keep-learning'],
    schedule: { freq: 'WEEKLY', byday: 'WE', opens: '18:30', closes: '20:00' },
    cost: 5,
    ages: [18, null],
  },
  {
    key: 'housing',
    name: 'Housing Advice Surgery ({town})',
    description:
      'Advice on renting, repairs, eviction, homelessness and keeping your home warm, from housing advisers.',
    provider: 'Money Advice',
    needs: ['housing', 'money'],
    category: 'information',
    fiveWays: [],
    schedule: { freq: 'MONTHLY', byday: '1MO', opens: '10:00', closes: '13:00' },
    cost: null,
    network: true,
  },
  {
    key: 'over60s',
    name: 'Gentle Exercise for Over-60s ({town})',
    description:
      'Seated and standing exercises to build strength and balance and reduce the risk of falls, led by a qualified instructor.',
    provider: 'Active Lives',
    needs: ['older-people', 'physical-activity', 'long-term-conditions'],
    category: 'physical-activity',
    fiveWays: ['be-active'],
    schedule: { freq: 'WEEKLY', byday: 'TU', opens: '09:30', closes: '10:30' },
    cost: 2.5,
    ages: [60, null],
  },
  {
    key: 'flu',
    name: 'Practice Flu Clinic Helpers ({town})',
    description:
      'Volunteer with practice health champions to welcome patients and keep the queue moving at autumn flu clinics.',
    provider: 'Champions Network',
    needs: ['employment', 'loneliness'],
    category: 'practice-support',
    fiveWays: ['give', 'connect'],
    schedule: { freq: 'WEEKLY', byday: 'SA', opens: '08:30', closes: '12:30' },
    cost: null,
    ages: [16, null],
  },
  {
    key: 'fun-day',
    name: '{town} Wellbeing Fun Day',
    description: 'A free family day with stalls from local groups, blood pressure checks, games and music.',
    provider: 'Champions Network',
    needs: ['physical-activity', 'loneliness'],
    category: 'community-events',
    fiveWays: ['connect', 'be-active'],
    schedule: { freq: 'MONTHLY', byday: '2SA', opens: '11:00', closes: '15:00', interval: 12 },
    cost: null,
  },
  {
    key: 'escort',
    name: 'Hospital Appointment Companions ({town})',
    description: 'Volunteers go with you to hospital appointments and help you get home safely afterwards.',
    provider: 'Community Trust',
    needs: ['older-people', 'long-term-conditions'],
    category: 'one-to-one',
    fiveWays: ['give'],
    schedule: { freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens: '09:00', closes: '16:00' },
    cost: null,
    area: true,
  },
  {
    key: 'cycling',
    name: 'Cycling for All ({town})',
    description: 'Adapted bikes, trikes and tandems so everyone can enjoy cycling, including people with disabilities.',
    provider: 'Active Lives',
    needs: ['physical-activity', 'mental-wellbeing'],
    category: 'physical-activity',
    fiveWays: ['be-active'],
    schedule: { freq: 'WEEKLY', byday: 'SU', opens: '10:00', closes: '12:00' },
    cost: 3,
  },
  {
    key: 'warm-space',
    name: 'Warm Space at {venue}',
    description: 'A warm, welcoming room with hot drinks, soup, phone charging and someone to talk to.',
    provider: 'Community Trust',
    needs: ['housing', 'loneliness', 'money'],
    category: 'social-connection',
    fiveWays: ['connect'],
    schedule: { freq: 'WEEKLY', byday: 'MO,WE,FR', opens: '10:00', closes: '16:00' },
    cost: null,
  },
];
