/**
 * When champions can give time: one slot per day of the week and part of the day, stored as
 * availability tags like 'tue_morning' so the talent register can answer "who could lead a
 * walk on Tuesday mornings?". The four coarse values used before (weekday mornings and so on)
 * are still understood and expanded into the slots they mean.
 */

/** Days of the week, Monday first, as people say them. */
export const DAYS = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
} as const;
/** Parts of the day. */
export const DAY_PARTS = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening' } as const;

/** A day key ('tue'). */
export type Day = keyof typeof DAYS;
/** A part-of-the-day key ('morning'). */
export type DayPart = keyof typeof DAY_PARTS;

const DAY_KEYS = Object.keys(DAYS) as Day[];
const PART_KEYS = Object.keys(DAY_PARTS) as DayPart[];
const SHORT_DAYS: Record<Day, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};
const PLURAL_PARTS: Record<DayPart, string> = { morning: 'mornings', afternoon: 'afternoons', evening: 'evenings' };

/** Every slot, in week order: 'mon_morning' … 'sun_evening', with its name ("Tuesday morning"). */
export const AVAILABILITY: Record<string, string> = Object.fromEntries(
  DAY_KEYS.flatMap((day) =>
    PART_KEYS.map((part) => [`${day}_${part}`, `${DAYS[day]} ${DAY_PARTS[part].toLowerCase()}`]),
  ),
);

/** The coarse choices of the first version of the form, and the slots each one means. */
export const LEGACY_AVAILABILITY: Record<string, string[]> = {
  weekday_mornings: DAY_KEYS.slice(0, 5).map((day) => `${day}_morning`),
  weekday_afternoons: DAY_KEYS.slice(0, 5).map((day) => `${day}_afternoon`),
  weekday_evenings: DAY_KEYS.slice(0, 5).map((day) => `${day}_evening`),
  weekends: ['sat', 'sun'].flatMap((day) => PART_KEYS.map((part) => `${day}_${part}`)),
};

const ORDER = Object.keys(AVAILABILITY);

/** True for a slot, or for one of the coarse values of the first version. */
export function isAvailabilityValue(value: string): boolean {
  return Object.hasOwn(AVAILABILITY, value) || Object.hasOwn(LEGACY_AVAILABILITY, value);
}

/** Slots from ticked values (coarse ones expanded), without repeats, in week order. */
export function expandAvailability(values: readonly string[]): string[] {
  const slots = new Set<string>();
  for (const value of values) {
    for (const slot of LEGACY_AVAILABILITY[value] ?? (Object.hasOwn(AVAILABILITY, value) ? [value] : [])) {
      slots.add(slot);
    }
  }
  return ORDER.filter((slot) => slots.has(slot));
}

/** The slots a search for a day and/or part of the day matches (every slot when neither is given). */
export function slotsMatching(day: string, part: string): string[] {
  return ORDER.filter((slot) => (!day || slot.startsWith(`${day}_`)) && (!part || slot.endsWith(`_${part}`)));
}

/** The days, each with its three parts, for the per-day fieldsets on forms. */
export const AVAILABILITY_DAYS = DAY_KEYS.map((day) => ({
  key: day,
  label: DAYS[day],
  parts: PART_KEYS.map((part) => ({ value: `${day}_${part}`, text: DAY_PARTS[part] })),
}));

function dayRuns(days: Day[]): string {
  const runs: Day[][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && DAY_KEYS.indexOf(day) === DAY_KEYS.indexOf(last.at(-1) as Day) + 1) {
      last.push(day);
    } else {
      runs.push([day]);
    }
  }
  return runs
    .map((run) =>
      run.length >= 3
        ? `${SHORT_DAYS[run[0] as Day]}–${SHORT_DAYS[run.at(-1) as Day]}`
        : run.map((day) => SHORT_DAYS[day]).join(', '),
    )
    .join(', ');
}

/**
 * A short description of slots for tables: days with the same parts share a line, runs of
 * three or more days become a range. ['mon_morning', … 'fri_morning', 'sat_evening'] is
 * "Mon–Fri mornings; Sat evenings". Unknown values are listed as they are.
 */
export function describeAvailability(values: readonly string[]): string {
  const slots = expandAvailability(values);
  const partsByDay = new Map<Day, DayPart[]>();
  for (const slot of slots) {
    const [day, part] = slot.split('_') as [Day, DayPart];
    partsByDay.set(day, [...(partsByDay.get(day) ?? []), part]);
  }
  const groups = new Map<string, Day[]>();
  for (const [day, parts] of partsByDay) {
    const key = parts.join(',');
    groups.set(key, [...(groups.get(key) ?? []), day]);
  }
  const lines = [...groups].map(([key, days]) => {
    const parts = key.split(',') as DayPart[];
    const when = parts.length === PART_KEYS.length ? 'all day' : parts.map((part) => PLURAL_PARTS[part]).join(' and ');
    return `${dayRuns(days)} ${when}`;
  });
  const unknown = values.filter((value) => !isAvailabilityValue(value));
  return [...lines, ...unknown].join('; ');
}
