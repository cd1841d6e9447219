/**
 * The optional password of a downloaded PDF, checked the same in the browser
 * (the Custom report page's field) and on the server (the download route).
 *
 * Pure module.
 */
import { z } from 'zod';

export const PDF_PASSWORD_MIN = 10;
export const PDF_PASSWORD_MAX = 128;

/**
 * The optional PDF password: empty for none. Long enough that a file sent
 * by email is not opened by guessing; qpdf takes it as one argument line, so
 * no line breaks, and would take a leading dash for one of its options.
 */
export const pdfPassword = z
  .string()
  .max(PDF_PASSWORD_MAX, `Use at most ${PDF_PASSWORD_MAX} characters.`)
  .refine((v) => v === '' || [...v].length >= PDF_PASSWORD_MIN, {
    message: `Use at least ${PDF_PASSWORD_MIN} characters, or leave it empty for no password.`,
  })
  .refine((v) => !/[\r\n\0]/.test(v), { message: 'Use a password on one line.' })
  .refine((v) => !v.startsWith('-'), {
    message: 'Start the password with a letter, a number or a symbol other than -.',
  });
