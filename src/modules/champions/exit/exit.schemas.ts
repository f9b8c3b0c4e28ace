import { z } from 'zod';
import { pastDate } from '../hours/hours.schemas.ts';

/** The exit conversation's structured questions and their answers, as people say them. */
export const EXIT_QUESTIONS = {
  reason: {
    label: 'Main reason for leaving',
    answers: {
      moving_away: 'Moving away',
      health: 'Health',
      work_or_study: 'Work or study',
      caring: 'Caring for someone',
      time: 'Not enough time',
      role: 'The role was not for me',
      other: 'Another reason',
    },
  },
  experience: {
    label: 'How was your time as a champion?',
    answers: { very_good: 'Very good', good: 'Good', mixed: 'Mixed', poor: 'Poor' },
  },
  wouldReturn: { label: 'Would you come back one day?', answers: { yes: 'Yes', maybe: 'Maybe', no: 'No' } },
  wouldRecommend: {
    label: 'Would you recommend being a champion to a friend?',
    answers: { yes: 'Yes', maybe: 'Maybe', no: 'No' },
  },
} as const;

const answer = <K extends keyof typeof EXIT_QUESTIONS>(question: K) =>
  z
    .union([z.literal(''), z.enum(Object.keys(EXIT_QUESTIONS[question].answers) as [string, ...string[]])], {
      error: 'Select one of the answers',
    })
    .default('');

/** Pausing: the date the champion expects to come back. */
export const PauseForm = z.object({
  returnOn: z
    .string()
    .refine((value) => value !== '', 'Enter the date of return')
    .refine(
      (value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value),
      'The return date must be a real date, like 14 3 2027',
    ),
});

/** Leaving: the last day, and the optional exit conversation. */
export const LeaveForm = z.object({
  leftOn: pastDate('they left'),
  reason: answer('reason'),
  experience: answer('experience'),
  wouldReturn: answer('wouldReturn'),
  wouldRecommend: answer('wouldRecommend'),
  suggestion: z.string().trim().max(500, 'Keep the suggestion under 500 characters').default(''),
});

/** What the leave form holds once read. */
export type LeaveForm = z.infer<typeof LeaveForm>;
