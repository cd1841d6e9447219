/**
 * What a school logo may be: a whole PNG or JPEG (by content,
 * ./image-content.ts) of at most 512 KB and 4,000 pixels a side, with a
 * sentence for the administrator who chose a file that is not.
 */
import { readImage, type ImageType } from './image-content';

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_MAX_SIDE = 4000;

export type LogoCheck = { ok: true; type: ImageType } | { ok: false; message: string };

const NOT_AN_IMAGE = 'That file is not a PNG or JPEG image (whatever its name says).';
const MESSAGES = {
  empty: 'That file is empty. Choose a PNG or JPEG image.',
  gif: NOT_AN_IMAGE,
  'not-an-image': NOT_AN_IMAGE,
  damaged: 'That image is damaged or incomplete. Save it again as a PNG or JPEG and upload that.',
  'too-large-picture': `The logo must be at most ${LOGO_MAX_SIDE} pixels wide and high.`,
} as const;

export async function checkLogo(bytes: Uint8Array): Promise<LogoCheck> {
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, message: 'The logo must be 512 KB or smaller.' };
  const read = await readImage(bytes, (width, height) => width <= LOGO_MAX_SIDE && height <= LOGO_MAX_SIDE);
  return read.ok ? { ok: true, type: read.type } : { ok: false, message: MESSAGES[read.problem] };
}
