/**
 * What a school logo may be: a PNG or JPEG (by content, ./image-type.ts) of at
 * most 512 KB and 4,000 pixels a side. Pure, so the settings page states the
 * same limits the server applies.
 */
import { imageInfo, type ImageType } from './image-type';

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_MAX_SIDE = 4000;

export type LogoCheck = { ok: true; type: ImageType } | { ok: false; message: string };

export function checkLogo(bytes: Uint8Array): LogoCheck {
  if (bytes.length === 0) return { ok: false, message: 'That file is empty. Choose a PNG or JPEG image.' };
  if (bytes.length > LOGO_MAX_BYTES) return { ok: false, message: 'The logo must be 512 KB or smaller.' };
  const info = imageInfo(bytes);
  if (!info) return { ok: false, message: 'That file is not a PNG or JPEG image (whatever its name says).' };
  if (info.width < 1 || info.height < 1 || info.width > LOGO_MAX_SIDE || info.height > LOGO_MAX_SIDE)
    return { ok: false, message: `The logo must be at most ${LOGO_MAX_SIDE} pixels wide and high.` };
  return { ok: true, type: info.type };
}
