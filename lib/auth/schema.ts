import { z } from 'zod';

export const signInInput = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, 'Enter your email address.')
    .max(320)
    .pipe(z.email('Enter a valid email address.')),
  // Never trimmed or truncated: every character of a password counts.
  password: z.string().min(1, 'Enter your password.').max(1024, 'That password is too long.'),
});
export type SignInInput = z.infer<typeof signInInput>;

export const totpCodeInput = z.strictObject({
  code: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.')),
});

export const addTotpInput = z.strictObject({
  name: z.string().trim().min(1, 'Give this device a name, e.g. “My phone”.').max(60, 'Use at most 60 characters.'),
  code: totpCodeInput.shape.code,
  setupId: z.uuid(),
});

export const emailInput = z.strictObject({
  email: signInInput.shape.email,
});

export const newPasswordInput = z
  .strictObject({
    token: z.string().min(20).max(200),
    password: z.string().max(1024, 'That password is too long.'),
    confirm: z.string().max(1024),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords are not the same.' });
