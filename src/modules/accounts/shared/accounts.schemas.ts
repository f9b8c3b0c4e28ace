import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './passwords.rules.ts';

const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' }));

/** The sign-in form. */
export const SignInForm = z.object({
  email,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(PASSWORD_MAX_LENGTH, 'Enter your password'),
  returnTo: z.string().max(500).optional(),
});

/** The second step of sign-in. */
export const SecondFactorForm = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .transform((value) => value.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app')),
});

/** Asking for a reset link. */
export const PasswordResetRequestForm = z.object({ email });

/** Choosing a new password (reset, invitation, change). */
export const NewPasswordForm = z
  .object({
    password: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Confirm your new password' }).min(1, 'Confirm your new password'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

/** Changing the password while signed in. */
export const ChangePasswordForm = z
  .object({
    currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password'),
    password: z.string({ error: 'Enter a new password' }).min(1, 'Enter a new password'),
    confirmPassword: z.string({ error: 'Confirm your new password' }).min(1, 'Confirm your new password'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

/** A JSON view of the signed-in person. */
export const MeResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  isSystemAdmin: z.boolean(),
  twoFactorEnabled: z.boolean(),
  activeOrganisationId: z.uuid().nullable(),
  csrfToken: z.string(),
  organisations: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string(), roles: z.array(z.string()) })),
});
