/**
 * What an uploaded map may be: a whole PNG or JPEG (read by its content,
 * lib/files/image-content.ts) of at most 2 MB and 40 megapixels, with a
 * sentence for the person who chose a file that is not.
 */
import { readImage, type ImageType } from '@/lib/files/image-content';

export const MAX_MAP_BYTES = 2 * 1024 * 1024;
/** Beyond this the picture is far larger than a screen needs, and inflating it costs the server. */
export const MAX_MAP_PIXELS = 40_000_000;

export type MapImageType = ImageType;

export type ImageCheck =
  { ok: true; type: MapImageType; width: number; height: number } | { ok: false; message: string };

export const NOT_AN_IMAGE = 'This file is not a JPEG or PNG image. Choose a .jpg or .png picture.';
export const DAMAGED = 'This image is damaged or incomplete. Save it again as a JPEG or PNG and upload that.';
export const TOO_BIG = 'This image is larger than 2 MB. Make it smaller (a screenshot or an export at a lower size).';
export const TOO_MANY_PIXELS = 'This image has too many pixels (at most 40 megapixels). Make it smaller.';
export const EMPTY_FILE = 'Choose the image to upload: a JPEG or PNG of at most 2 MB.';
const GIF = 'GIF images are not accepted. Save the picture as a JPEG or PNG and upload that.';

const MESSAGES = {
  empty: EMPTY_FILE,
  gif: GIF,
  'not-an-image': NOT_AN_IMAGE,
  damaged: DAMAGED,
  'too-large-picture': TOO_MANY_PIXELS,
} as const;

export async function checkMapImage(bytes: Uint8Array): Promise<ImageCheck> {
  if (bytes.byteLength > MAX_MAP_BYTES) return { ok: false, message: TOO_BIG };
  const read = await readImage(bytes, (width, height) => width * height <= MAX_MAP_PIXELS);
  return read.ok ? read : { ok: false, message: MESSAGES[read.problem] };
}
