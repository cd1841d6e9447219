/**
 * What an uploaded image is, from its bytes: never from its name or the type
 * the browser declared, which the uploader chooses. A file is a PNG or a JPEG
 * only when its structure says so (PNG: signature and header chunk; JPEG:
 * start marker and a frame header), and its width and height are read from
 * that structure, so a small file that would decode into a huge picture
 * (every PDF header draws the logo) is refused before it is stored.
 *
 * Pure module.
 */

export type ImageType = 'image/png' | 'image/jpeg';

export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

function png(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length < 33 || PNG_SIGNATURE.some((v, i) => bytes[i] !== v)) return null;
  // The first chunk must be IHDR, 13 bytes long.
  if (u32(bytes, 8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  return { type: 'image/png', width: u32(bytes, 16), height: u32(bytes, 20) };
}

/** Start-of-frame markers (C0–CF except DHT C4, JPG C8 and DAC CC) carry the picture's size. */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpeg(bytes: Uint8Array): ImageInfo | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // Standalone markers have no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before any frame header
    const length = u16(bytes, i + 2);
    if (length < 2 || i + 2 + length > bytes.length) return null;
    if (isFrame(marker)) {
      if (length < 7) return null;
      return { type: 'image/jpeg', height: u16(bytes, i + 5), width: u16(bytes, i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

/** The image's type and size from its content, or null when it is neither a PNG nor a JPEG. */
export function imageInfo(bytes: Uint8Array): ImageInfo | null {
  return png(bytes) ?? jpeg(bytes);
}
