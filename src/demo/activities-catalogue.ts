import type { ActivityStatus, DeliveryMode, ReferralRoute } from '../modules/activities/activities.tables.ts';
import type { AttendancePattern } from './activities-seasons.ts';

// The demo's activities (domain research §2.1), written out once: what each is, where, who
// runs it, how it repeats and how many people usually come. activities-seed.ts turns these
// into rows; activities-sessions.ts gives them a year of sessions.

/** The demo organisations that run activities. */
export type DemoOrg = 'canal' | 'millbrook' | 'hillside' | 'rosecourt' | 'riverside';

/** How a demo schedule repeats: as the schedule form offers, plus the autumn flu season and dated one-offs. */
export type DemoSchedule =
  | { kind: 'weekly' | 'fortnightly'; weekday: number; start: string; end: string; venue?: string }
  | { kind: 'monthly'; weekday: number; week: 1 | 2 | 3 | 4 | -1; start: string; end: string }
  | { kind: 'flu_season'; weekday: number; start: string; end: string }
  | { kind: 'once'; on: 'christmas_dinner' | 'fun_day'; start: string; end: string };

/** One demo activity. */
export interface DemoActivity {
  key: string;
  org: DemoOrg;
  /** Practices it is also hosted at (network activities). */
  hosts?: ('canal' | 'millbrook')[];
  name: string;
  description: string;
  category: string;
  fiveWays: string[];
  targetGroups: string[];
  mode: DeliveryMode;
  venue: [name: string, address: string, postcode: string];
  accessibility: string;
  costPence?: number;
  costNote?: string;
  routes: ReferralRoute[];
  howToJoin: string;
  capacity: number | null;
  /** Role template names and places per session. */
  roles: [string, number][];
  /** Joan Walker (the demo champion) leads it. */
  joanLeads?: boolean;
  status: ActivityStatus;
  /** Weeks since it went active (active, paused, closed); since it reached its status otherwise. */
  since: number;
  /** Weeks since it was paused or closed. */
  stoppedWeeksAgo?: number;
  stopNote?: string;
  public?: boolean;
  registerReason?: string;
  schedules: DemoSchedule[];
  pattern: AttendancePattern;
  usual: number;
  outdoor?: boolean;
}

const CANAL: [string, string, string] = ['Canal Street Surgery community room', '1 Canal Street, Pudsey', 'LS28 7AA'];
const MILLBROOK: [string, string, string] = ['Millbrook Medical Centre meeting room', '24 Mill Lane, Farsley', 'LS28 9BB'];
const HILLSIDE: [string, string, string] = ['Hillside Health Centre group room', '3 Hill Top Road, Idle', 'BD10 8CC'];
const ROSE_COURT: [string, string, string] = ['Rose Court Care Home lounge', '12 Rose Court, Farsley', 'LS28 5RC'];
const STEP_FREE = 'Step-free entrance and a lift. Accessible toilet. Hearing loop at reception.';
const ALL_ROUTES: ReferralRoute[] = ['self', 'reception', 'gp', 'link_worker'];
const JUST_TURN_UP = 'Just turn up. If you would like someone to meet you at the door the first time, ask at reception.';

/** The demo activities: about thirty, across three practices, a care home and the network. */
export const DEMO_ACTIVITIES: DemoActivity[] = [
  // ---- Canal Street Surgery ----
  {
    key: 'canal-walk', org: 'canal', name: 'Canal towpath health walk', description: 'A gentle hour along the canal towpath at an easy pace, led by trained walk leaders, with a cup of tea back at the surgery afterwards.',
    category: 'physical-activity', fiveWays: ['be-active', 'connect', 'take-notice'], targetGroups: ['Adults', 'Older people'], mode: 'group', venue: ['Canal Street Surgery (meet at the front door)', '1 Canal Street, Pudsey', 'LS28 7AA'],
    accessibility: 'Flat towpath, firm surface; not suitable for wheelchairs after heavy rain. Benches every half mile.', routes: ALL_ROUTES, howToJoin: 'Meet at the surgery’s front door at 10am in comfortable shoes. No need to book.',
    capacity: 20, roles: [['Walk leader', 2]], joanLeads: true, status: 'active', since: 70, schedules: [{ kind: 'weekly', weekday: 2, start: '10:00', end: '11:00' }], pattern: 'walk', usual: 14, outdoor: true,
  },
  {
    key: 'canal-park-walk', org: 'canal', name: 'Saturday park walk and talk', description: 'Walk and talk round Pudsey Park on a Saturday afternoon: a friendly chat as you go, at the pace of the slowest walker.',
    category: 'physical-activity', fiveWays: ['be-active', 'connect'], targetGroups: ['Adults', 'People who feel lonely'], mode: 'group', venue: ['Pudsey Park bandstand', 'Pudsey Park, Church Lane, Pudsey', 'LS28 7BD'],
    accessibility: 'Tarmac paths with gentle slopes; suitable for wheelchairs and mobility scooters.', routes: ALL_ROUTES, howToJoin: 'Meet at the bandstand at 2pm. Just turn up.',
    capacity: 25, roles: [['Walk leader', 1], ['Activity host', 1]], joanLeads: true, status: 'active', since: 64, schedules: [{ kind: 'weekly', weekday: 6, start: '14:00', end: '15:00' }], pattern: 'walk', usual: 11, outdoor: true,
  },
  {
    key: 'canal-greeting', org: 'canal', name: 'Reception greeting', description: 'Champions welcome people in the waiting room on weekday mornings, help them use the check-in screen and point them to local groups and services.',
    category: 'practice-support', fiveWays: ['give', 'connect'], targetGroups: ['Patients'], mode: 'service_support', venue: CANAL, accessibility: STEP_FREE, routes: ['self'],
    howToJoin: 'Nothing to join: look out for the champions in purple lanyards in reception.', capacity: null, roles: [['Reception greeter', 1]], joanLeads: true, status: 'active', since: 80, public: false,
    schedules: [1, 2, 3, 4, 5].map((weekday) => ({ kind: 'weekly' as const, weekday, start: '08:30', end: '10:30' })), pattern: 'greeting', usual: 45,
  },
  {
    key: 'canal-knit', org: 'canal', name: 'Knit and natter', description: 'Bring your knitting, crochet or any craft, or learn from scratch with the wool we have. Tea, biscuits and good company.',
    category: 'social-connection', fiveWays: ['connect', 'keep-learning', 'give'], targetGroups: ['Adults', 'Older people', 'Carers'], mode: 'group', venue: CANAL, accessibility: STEP_FREE, routes: ALL_ROUTES,
    howToJoin: JUST_TURN_UP, capacity: 18, roles: [['Activity host', 2]], status: 'active', since: 75, schedules: [{ kind: 'weekly', weekday: 3, start: '14:00', end: '16:00' }], pattern: 'social', usual: 12,
  },
  {
    key: 'canal-cuppa', org: 'canal', name: 'Cuppa and chat', description: 'A relaxed Friday morning cuppa for anyone who would like some company. Someone will always say hello.',
    category: 'social-connection', fiveWays: ['connect'], targetGroups: ['Adults', 'People who feel lonely'], mode: 'group', venue: CANAL, accessibility: STEP_FREE, routes: ALL_ROUTES,
    howToJoin: JUST_TURN_UP, capacity: 20, roles: [['Activity host', 2]], status: 'active', since: 72, schedules: [{ kind: 'weekly', weekday: 5, start: '10:30', end: '12:00' }], pattern: 'social', usual: 13,
  },
  {
    key: 'canal-yoga', org: 'canal', name: 'Chair yoga', description: 'Gentle stretches and breathing, sitting on a chair or standing behind it. Good for stiff joints and a calm mind.',
    category: 'physical-activity', fiveWays: ['be-active', 'take-notice'], targetGroups: ['Older people', 'People with long-term conditions'], mode: 'group', venue: CANAL, accessibility: STEP_FREE, costPence: 200, costNote: 'Pay on the day; free if money is tight, just ask',
    routes: ALL_ROUTES, howToJoin: 'Book a place at reception or just turn up; there are 15 chairs.', capacity: 15, roles: [['Activity host', 1]], status: 'active', since: 60, schedules: [{ kind: 'weekly', weekday: 4, start: '11:00', end: '12:00' }], pattern: 'exercise', usual: 11,
  },
  {
    key: 'canal-breastfeeding', org: 'canal', name: 'Breastfeeding support drop-in', description: 'Peer supporters and a cosy room for feeding, with help latching, expressing and anything else you want to talk about. Partners and babies welcome.',
    category: 'condition-specific', fiveWays: ['connect', 'keep-learning'], targetGroups: ['New parents', 'Babies under one'], mode: 'group', venue: CANAL, accessibility: `${STEP_FREE} Space for buggies.`, routes: ALL_ROUTES,
    howToJoin: 'Drop in any Monday between 10am and midday. Your health visitor or midwife can tell us you are coming.', capacity: 12, roles: [['Activity host', 1]], status: 'active', since: 66, schedules: [{ kind: 'weekly', weekday: 1, start: '10:00', end: '12:00' }], pattern: 'parents', usual: 7,
  },
  {
    key: 'canal-flu', org: 'canal', name: 'Saturday flu clinic marshalling', description: 'Champions help the Saturday flu clinics run smoothly: welcoming people, keeping the queue moving and helping anyone who needs a hand.',
    category: 'practice-support', fiveWays: ['give', 'connect'], targetGroups: ['Patients invited for a flu vaccination'], mode: 'service_support', venue: CANAL, accessibility: STEP_FREE, routes: ['self', 'reception'],
    howToJoin: 'Wait for your invitation from the surgery, then come at your time.', capacity: null, roles: [['Clinic marshal', 4]], status: 'active', since: 120, public: false,
    schedules: [{ kind: 'flu_season', weekday: 6, start: '09:00', end: '13:00' }], pattern: 'flu', usual: 420,
  },
  {
    key: 'canal-directory', org: 'canal', name: 'Directory research mornings', description: 'Champions check that local groups and services in the directory are still running, with a phone, a list and a pot of tea.',
    category: 'information', fiveWays: ['give', 'keep-learning'], targetGroups: ['Champions'], mode: 'information', venue: CANAL, accessibility: STEP_FREE, routes: ['self'],
    howToJoin: 'For champions: ask the coordinator to be cleared as a directory researcher.', capacity: 6, roles: [['Directory researcher', 2]], status: 'active', since: 30, public: false,
    schedules: [{ kind: 'monthly', weekday: 1, week: 2, start: '13:00', end: '15:00' }], pattern: 'research', usual: 0,
  },
  {
    key: 'canal-christmas', org: 'canal', name: 'Community Christmas dinner', description: 'A free Christmas dinner with all the trimmings for anyone who would otherwise eat alone, cooked and served by champions.',
    category: 'community-events', fiveWays: ['connect', 'give'], targetGroups: ['Older people', 'People who feel lonely'], mode: 'event', venue: ['St Lawrence Church Hall', 'Church Lane, Pudsey', 'LS28 7BE'],
    accessibility: 'Step-free hall with an accessible toilet. Tell us about any diet and we will cook for it.', routes: ALL_ROUTES, howToJoin: 'Book a place at reception by 10 December. Lifts can be arranged.',
    capacity: 60, roles: [['Activity host', 4]], status: 'active', since: 56, schedules: [{ kind: 'once', on: 'christmas_dinner', start: '12:00', end: '15:00' }], pattern: 'event', usual: 52,
  },
  {
    key: 'canal-ukulele', org: 'canal', name: 'Ukulele for beginners', description: 'An idea from the champions’ meeting: a beginners’ ukulele group on Tuesday afternoons, with ukuleles to borrow.',
    category: 'creative-learning', fiveWays: ['keep-learning', 'connect'], targetGroups: ['Adults'], mode: 'group', venue: CANAL, accessibility: STEP_FREE, routes: ['self'], howToJoin: '', capacity: null, roles: [],
    status: 'idea', since: 1, schedules: [], pattern: 'social', usual: 0,
  },
  {
    key: 'canal-digital', org: 'canal', name: 'Digital help drop-in', description: 'Help with the NHS App, ordering prescriptions online and video calls, one person and one device at a time.',
    category: 'information', fiveWays: ['keep-learning'], targetGroups: ['Older people', 'People new to smartphones'], mode: 'group', venue: CANAL, accessibility: STEP_FREE, routes: ALL_ROUTES,
    howToJoin: 'Bring your phone or tablet. Ask at reception for a slot.', capacity: 8, roles: [['Activity host', 2]], status: 'approved', since: 1, schedules: [{ kind: 'weekly', weekday: 4, start: '14:00', end: '15:30' }], pattern: 'social', usual: 6,
  },
  // ---- Millbrook Medical Centre ----
  {
    key: 'millbrook-monthly-walk', org: 'millbrook', name: 'Millbrook monthly walk', description: 'A longer walk (about four miles) on the second Saturday of each month, exploring the footpaths around Farsley and Calverley.',
    category: 'physical-activity', fiveWays: ['be-active', 'take-notice', 'connect'], targetGroups: ['Adults'], mode: 'group', venue: ['Millbrook Medical Centre car park', '24 Mill Lane, Farsley', 'LS28 9BB'],
    accessibility: 'Field paths and stiles: stout footwear needed; not suitable for wheelchairs.', routes: ALL_ROUTES, howToJoin: 'Meet in the car park at 10am. Bring water and a snack.',
    capacity: 25, roles: [['Walk leader', 2]], status: 'active', since: 68, schedules: [{ kind: 'monthly', weekday: 6, week: 2, start: '10:00', end: '12:30' }], pattern: 'walk', usual: 16, outdoor: true,
  },
  {
    key: 'millbrook-cafe', org: 'millbrook', name: 'Millbrook wellbeing café', description: 'A fortnightly café with cake, a chat and a different local group visiting each time to say what they offer.',
    category: 'social-connection', fiveWays: ['connect', 'keep-learning'], targetGroups: ['Adults', 'Carers'], mode: 'group', venue: MILLBROOK, accessibility: 'Ground floor room, step-free, with an accessible toilet.', routes: ALL_ROUTES,
    howToJoin: JUST_TURN_UP, capacity: 30, roles: [['Activity host', 2]], status: 'active', since: 62, schedules: [{ kind: 'fortnightly', weekday: 4, start: '13:30', end: '15:30' }], pattern: 'social', usual: 18,
  },
  {
    key: 'millbrook-singing', org: 'millbrook', name: 'Sing for wellbeing', description: 'Warm-ups, rounds and old favourites. No need to read music or to sing in tune: just come and enjoy it.',
    category: 'creative-learning', fiveWays: ['connect', 'keep-learning', 'be-active'], targetGroups: ['Adults', 'People with breathing problems'], mode: 'group', venue: ['Farsley Community Church hall', 'Old Road, Farsley', 'LS28 5DQ'],
    accessibility: 'Step-free hall. Chairs for everyone; you can sing sitting down.', costPence: 100, costNote: 'Towards the hall hire', routes: ALL_ROUTES, howToJoin: JUST_TURN_UP,
    capacity: 35, roles: [['Activity host', 1]], status: 'active', since: 44, schedules: [{ kind: 'weekly', weekday: 2, start: '14:00', end: '15:30' }], pattern: 'social', usual: 19,
  },
  {
    key: 'millbrook-ukulele', org: 'millbrook', name: 'Millbrook ukulele group', description: 'Strum along with a friendly group of improvers on Thursday evenings. Songbooks provided.',
    category: 'creative-learning', fiveWays: ['keep-learning', 'connect'], targetGroups: ['Adults'], mode: 'group', venue: MILLBROOK, accessibility: 'Ground floor room, step-free.', costPence: 200, costNote: 'Includes ukulele loan',
    routes: ['self', 'link_worker'], howToJoin: 'Just turn up with or without a ukulele; we have six to lend.', capacity: 20, roles: [['Activity host', 1]], status: 'active', since: 58, schedules: [{ kind: 'weekly', weekday: 4, start: '18:00', end: '19:30' }], pattern: 'social', usual: 10,
  },
  {
    key: 'millbrook-shed', org: 'millbrook', name: 'Men’s shed and men’s health', description: 'Woodwork, repairs and a brew in the shed, with a health topic each month (blood pressure, prostate, mood) and a nurse dropping in.',
    category: 'condition-specific', fiveWays: ['connect', 'keep-learning', 'give'], targetGroups: ['Men'], mode: 'group', venue: ['The Shed, Millbrook allotments', 'Mill Lane allotments, Farsley', 'LS28 9BH'],
    accessibility: 'One step into the shed with a ramp available. Outdoor compost toilet only.', routes: ALL_ROUTES, howToJoin: 'Come along any Wednesday morning; say hello to whoever is on the kettle.',
    capacity: 14, roles: [['Activity host', 2]], status: 'active', since: 28, schedules: [{ kind: 'weekly', weekday: 3, start: '10:00', end: '12:30' }], pattern: 'social', usual: 9,
  },
  {
    key: 'millbrook-stay-play', org: 'millbrook', name: 'Little Movers stay and play', description: 'Songs, movement and play for babies and toddlers with their grown-ups, and a chance for parents to meet.',
    category: 'condition-specific', fiveWays: ['connect', 'be-active'], targetGroups: ['Parents and carers', 'Children under five'], mode: 'group', venue: MILLBROOK, accessibility: 'Step-free, buggy park, baby change.', routes: ALL_ROUTES,
    howToJoin: 'Drop in; each child must come with a parent or carer, who signs them in.', capacity: 15, roles: [['Activity host', 2]], status: 'active', since: 54,
    registerReason: 'A children’s group: we keep a register of the children in the room for their safety in an emergency.', schedules: [{ kind: 'weekly', weekday: 5, start: '09:30', end: '11:00' }], pattern: 'parents', usual: 11,
  },
  {
    key: 'millbrook-breastfeeding', org: 'millbrook', name: 'Millbrook breastfeeding café', description: 'A weekday breastfeeding support café with trained peer supporters, for feeding in company and getting help early.',
    category: 'condition-specific', fiveWays: ['connect', 'keep-learning'], targetGroups: ['New parents', 'Babies under one'], mode: 'group', venue: MILLBROOK, accessibility: 'Step-free, buggy park, baby change.', routes: ALL_ROUTES,
    howToJoin: 'Drop in any Tuesday morning.', capacity: 12, roles: [['Activity host', 1]], status: 'active', since: 50, schedules: [{ kind: 'weekly', weekday: 2, start: '10:00', end: '11:30' }], pattern: 'parents', usual: 6,
  },
  {
    key: 'millbrook-befriending', org: 'millbrook', name: 'Befriending phone calls', description: 'A friendly weekly phone call for people who are lonely or housebound, from the same trained befriender each week.',
    category: 'one-to-one', fiveWays: ['connect', 'give'], targetGroups: ['Older people', 'People who are housebound'], mode: 'one_to_one', venue: ['By telephone', '', ''], accessibility: 'By telephone; text relay welcome.', routes: ['reception', 'gp', 'link_worker'],
    howToJoin: 'Ask your GP, the reception team or a link worker to introduce you.', capacity: 12, roles: [['Befriender', 2]], status: 'active', since: 46, public: false, schedules: [{ kind: 'weekly', weekday: 1, start: '14:00', end: '16:00' }], pattern: 'one_to_one', usual: 6,
  },
  {
    key: 'millbrook-carers', org: 'millbrook', name: 'Carers’ coffee morning', description: 'A monthly coffee morning for unpaid carers.', category: 'social-connection', fiveWays: ['connect'], targetGroups: ['Carers'], mode: 'group', venue: MILLBROOK,
    accessibility: 'Step-free.', routes: ALL_ROUTES, howToJoin: JUST_TURN_UP, capacity: 15, roles: [['Activity host', 1]], status: 'closed', since: 60, stoppedWeeksAgo: 12,
    stopNote: 'Sustain review: numbers fell to two or three, and the carers’ centre now runs a weekly group nearby', schedules: [{ kind: 'monthly', weekday: 3, week: 1, start: '10:00', end: '11:30' }], pattern: 'social', usual: 4,
  },
  {
    key: 'millbrook-cycling', org: 'millbrook', name: 'Cycling for all', description: 'Adapted bikes and trikes on the flat path by the river, for people who cannot ride an ordinary bike.',
    category: 'physical-activity', fiveWays: ['be-active', 'take-notice'], targetGroups: ['Disabled people', 'Older people'], mode: 'group', venue: ['Riverside path by Calverley Bridge', 'Calverley Bridge, Calverley', 'LS28 5QB'],
    accessibility: 'Adapted bikes for wheelchair users; accessible toilet at the café.', routes: ALL_ROUTES, howToJoin: 'Book a bike with reception.', capacity: 10, roles: [['Activity host', 2]], status: 'risk_assessed', since: 2, schedules: [], pattern: 'walk', usual: 0,
  },
  // ---- Hillside Health Centre ----
  {
    key: 'hillside-walk', org: 'hillside', name: 'Hillside health walk', description: 'A 45-minute walk round Idle village and the green, at a gentle pace, finishing at the café.',
    category: 'physical-activity', fiveWays: ['be-active', 'connect'], targetGroups: ['Adults', 'Older people'], mode: 'group', venue: ['Hillside Health Centre (meet at reception)', '3 Hill Top Road, Idle', 'BD10 8CC'],
    accessibility: 'Pavements with two short hills. Dropped kerbs throughout.', routes: ALL_ROUTES, howToJoin: 'Meet at reception at 10:30am.', capacity: 20, roles: [['Walk leader', 1]], status: 'active', since: 66,
    schedules: [{ kind: 'weekly', weekday: 1, start: '10:30', end: '11:15' }], pattern: 'walk', usual: 10, outdoor: true,
  },
  {
    key: 'hillside-cuppa', org: 'hillside', name: 'Hillside cuppa and chat', description: 'A weekly cuppa in the health centre’s group room, with board games and the newspapers.',
    category: 'social-connection', fiveWays: ['connect'], targetGroups: ['Adults', 'People who feel lonely'], mode: 'group', venue: HILLSIDE, accessibility: 'Step-free with a lift.', routes: ALL_ROUTES, howToJoin: JUST_TURN_UP,
    capacity: 20, roles: [['Activity host', 1]], status: 'active', since: 64, schedules: [{ kind: 'weekly', weekday: 3, start: '10:00', end: '11:30' }], pattern: 'social', usual: 9,
  },
  {
    key: 'hillside-diabetes', org: 'hillside', name: 'Diabetes self-help group', description: 'People living with type 2 diabetes share what works: food, activity, checks and feelings. A practice nurse joins every other month.',
    category: 'condition-specific', fiveWays: ['keep-learning', 'connect'], targetGroups: ['People with type 2 diabetes', 'Family members'], mode: 'group', venue: HILLSIDE, accessibility: 'Step-free with a lift.', routes: ALL_ROUTES,
    howToJoin: 'Just come along; your GP or nurse can tell you more.', capacity: 20, roles: [['Activity host', 1]], status: 'active', since: 62, schedules: [{ kind: 'monthly', weekday: 3, week: -1, start: '18:00', end: '19:30' }], pattern: 'social', usual: 12,
  },
  {
    key: 'hillside-chairobics', org: 'hillside', name: 'Chair-robics', description: 'A lively seated exercise class to music.', category: 'physical-activity', fiveWays: ['be-active'], targetGroups: ['Older people'], mode: 'group', venue: ['Idle Village Hall', 'High Street, Idle', 'BD10 8NL'],
    accessibility: 'Step-free hall.', costPence: 150, routes: ALL_ROUTES, howToJoin: JUST_TURN_UP, capacity: 20, roles: [['Activity host', 1]], status: 'paused', since: 58, stoppedWeeksAgo: 5,
    stopNote: 'Paused while the village hall is refurbished; back in the spring', schedules: [{ kind: 'weekly', weekday: 5, start: '14:00', end: '15:00' }], pattern: 'exercise', usual: 13,
  },
  {
    key: 'hillside-gardening', org: 'hillside', name: 'Health centre garden club', description: 'Turn the bare beds by the car park into a garden for everyone, growing herbs and flowers together.',
    category: 'social-connection', fiveWays: ['be-active', 'take-notice', 'give'], targetGroups: ['Adults'], mode: 'group', venue: HILLSIDE, accessibility: 'Raised beds at wheelchair height are planned.', routes: ALL_ROUTES,
    howToJoin: 'Tell reception you are interested and we will be in touch.', capacity: 12, roles: [['Activity host', 1]], status: 'proposed', since: 1, schedules: [], pattern: 'social', usual: 0,
  },
  // ---- Rose Court Care Home ----
  {
    key: 'rosecourt-tea-dance', org: 'rosecourt', name: 'Rose Court tea dance', description: 'A monthly tea dance in the lounge for residents, families and neighbours: music from the 1950s and 60s, cake and a twirl if you fancy it.',
    category: 'social-connection', fiveWays: ['connect', 'be-active'], targetGroups: ['Older people', 'People living with dementia', 'Families'], mode: 'event', venue: ROSE_COURT, accessibility: 'Step-free throughout; accessible toilets; dementia-friendly.', routes: ALL_ROUTES,
    howToJoin: 'Neighbours welcome: ring the doorbell and sign in at the front desk.', capacity: 40, roles: [['Activity host', 2]], status: 'active', since: 52, schedules: [{ kind: 'monthly', weekday: 7, week: 1, start: '14:30', end: '16:00' }], pattern: 'social', usual: 26,
  },
  {
    key: 'rosecourt-visiting', org: 'rosecourt', name: 'Rose Court befriending visits', description: 'Champions visit residents who have few visitors, for a chat, a game or a walk in the garden.',
    category: 'one-to-one', fiveWays: ['connect', 'give'], targetGroups: ['Care home residents'], mode: 'one_to_one', venue: ROSE_COURT, accessibility: 'Step-free throughout.', routes: ['self', 'gp'], howToJoin: 'Residents and families can ask the care team.',
    capacity: 8, roles: [['Befriender', 2]], status: 'active', since: 48, public: false, schedules: [{ kind: 'weekly', weekday: 3, start: '14:00', end: '16:00' }], pattern: 'one_to_one', usual: 5,
  },
  // ---- Riverside Primary Care Network ----
  {
    key: 'riverside-parent-walks', org: 'riverside', hosts: ['canal', 'millbrook'], name: 'Riverside new-parent walks', description: 'Pram-friendly walks for new parents from both Riverside practices, with a coffee stop and a chance to share how it is going.',
    category: 'condition-specific', fiveWays: ['be-active', 'connect'], targetGroups: ['New parents', 'Babies under one'], mode: 'group', venue: ['Pudsey Park gates', 'Pudsey Park, Church Lane, Pudsey', 'LS28 7BD'],
    accessibility: 'Tarmac paths suitable for buggies and wheelchairs.', routes: ALL_ROUTES, howToJoin: 'Meet at the park gates at 10am; your health visitor can introduce you.', capacity: 20, roles: [['Walk leader', 1], ['Activity host', 1]], status: 'active', since: 34,
    schedules: [{ kind: 'weekly', weekday: 4, start: '10:00', end: '11:00' }], pattern: 'parents_walk', usual: 9, outdoor: true,
  },
  {
    key: 'riverside-fun-day', org: 'riverside', hosts: ['canal', 'millbrook'], name: 'Riverside wellbeing fun day', description: 'A summer fun day for all the family: stalls from local groups, blood pressure checks, a bouncy castle, music and a tombola.',
    category: 'community-events', fiveWays: ['connect', 'be-active', 'take-notice', 'keep-learning', 'give'], targetGroups: ['Everyone', 'Families'], mode: 'event', venue: ['Pudsey Park', 'Pudsey Park, Church Lane, Pudsey', 'LS28 7BD'],
    accessibility: 'Flat grass and tarmac; accessible toilets and a quiet tent.', routes: ['self'], howToJoin: 'Free and open to all: just come along.', capacity: null, roles: [['Activity host', 4]], status: 'active', since: 40,
    schedules: [{ kind: 'once', on: 'fun_day', start: '11:00', end: '15:00' }], pattern: 'event', usual: 260, outdoor: true,
  },
];
