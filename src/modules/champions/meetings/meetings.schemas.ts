import { z } from 'zod';
import type { MeetingKind } from '../champion-activity.tables.ts';

/** Kinds of meeting as people say them (domain W3). */
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  champion_meeting: 'Champion meeting',
  development_session: 'Development session',
  steering_group: 'Steering group',
  two_day_launch_workshop: 'Two-day launch workshop',
};

const isoDate = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value), 'Enter a real date, like 14 3 2026');
const ids = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .refine((list) => list.length <= 500 && list.every((id) => /^[0-9a-f-]{36}$/i.test(id)), message);

/** The new-meeting form. */
export const CreateMeetingForm = z
  .object({
    kind: z.enum(Object.keys(MEETING_KIND_LABELS) as [MeetingKind, ...MeetingKind[]], {
      error: 'Select the kind of meeting',
    }),
    title: z.string().trim().min(1, 'Enter a title').max(200, 'Title must be 200 characters or fewer'),
    heldOn: z
      .string()
      .refine((value) => value !== '', 'Enter the date of the meeting')
      .pipe(isoDate),
    hours: z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, 'Hours must be a whole number')
      .transform(Number),
    minutes: z
      .string()
      .trim()
      .regex(/^\d{1,2}$/, 'Minutes must be a whole number')
      .transform(Number)
      .refine((value) => value < 60, 'Minutes must be 59 or fewer'),
    location: z.string().trim().max(200, 'Location must be 200 characters or fewer').default(''),
  })
  .refine((form) => form.hours * 60 + form.minutes >= 1 && form.hours * 60 + form.minutes <= 720, {
    path: ['hours'],
    error: 'Enter how long each day lasts, up to 12 hours',
  });

/** What the new-meeting form holds once read. */
export type CreateMeetingForm = z.infer<typeof CreateMeetingForm>;

/** Invite champions: the ticked ones. */
export const InviteForm = z.object({ championIds: ids('Select the champions to invite') });

/** Attendance: the ticked invitees came; an empty list means nobody came. */
export const AttendanceForm = z.object({ attendedIds: ids('Select who came').default([]) });

/** Meeting notes. */
export const NotesForm = z.object({
  notes: z.string().max(10_000, 'Notes must be 10,000 characters or fewer').default(''),
});

/** A decision, idea or action; actions may have an owner and due date. */
export const AddItemForm = z.object({
  kind: z.enum(['decision', 'idea', 'action'], { error: 'Select decision, idea or action' }),
  text: z.string().trim().min(1, 'Enter the decision, idea or action').max(1000, 'Keep it under 1,000 characters'),
  ownerChampionId: z.union([z.literal(''), z.string().regex(/^[0-9a-f-]{36}$/i, 'Select an owner')]).default(''),
  dueOn: z.union([z.literal(''), isoDate]).default(''),
});

/** What the add-item form holds once read. */
export type AddItemForm = z.infer<typeof AddItemForm>;

/** Moving an item on: an action done, or an idea proposed as an activity. */
export const ItemStatusForm = z.object({ status: z.enum(['done', 'proposed_activity'], { error: 'Select a status' }) });
