import type { DemoTemplate } from './directory-words.ts';

// How the demo directory's entries describe when they meet (directory-seed.ts).

const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINALS: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };

/** A time as the demo's schedules write it: 10am, 11:30am (12pm, not midday). */
function clock(time: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const suffix = hours >= 12 ? 'pm' : 'am';
  const hour = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0 ? `${hour}${suffix}` : `${hour}:${String(minutes).padStart(2, '0')}${suffix}`;
}

/** "Every Tuesday, 10am to 11:30am" or "The first Wednesday of the month, …". */
export function describeSchedule(schedule: DemoTemplate['schedule']): string {
  const times = `${clock(schedule.opens)} to ${clock(schedule.closes)}`;
  if (schedule.freq === 'MONTHLY') {
    const match = /^(-?\d)([A-Z]{2})$/.exec(schedule.byday);
    const when = match
      ? `The ${ORDINALS[match[1] ?? ''] ?? ''} ${DAY_NAMES[match[2] ?? ''] ?? ''} of the month`
      : 'Monthly';
    return `${schedule.interval === 12 ? 'Once a year: ' : ''}${when}, ${times}`;
  }
  const days = schedule.byday.split(',').map((day) => DAY_NAMES[day] ?? day);
  const list =
    days.length === 5 && schedule.byday === 'MO,TU,WE,TH,FR'
      ? 'Monday to Friday'
      : days.length > 1
        ? `${days.slice(0, -1).join(', ')} and ${days[days.length - 1]}`
        : `Every ${days[0]}`;
  return `${list}, ${times}`;
}
