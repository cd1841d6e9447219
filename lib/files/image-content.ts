/**
 * What an uploaded image really is, read from its bytes (never from its name
 * or the type the browser declared, which the uploader chooses): a PNG or a
 * JPEG whose structure is whole, with its dimensions read from the file. A
 * PNG is checked to the end (every chunk's CRC, its image data inflated to
 * exactly the size its header promises, counted as it streams so a small file
 * that inflates to gigabytes is never held in memory); a JPEG's segments are
 * walked through every scan to its end marker. The caller's size rule is
 * applied as soon as the header is read. Logos and maps both use this; each
 * says in its own words what was wrong.
 *
 * No database: unit-tested directly.
 */
import { createInflate, crc32 } from 'node:zlib';

export type ImageType = 'image/png' | 'image/jpeg';

export type ImageRead =
  | { ok: true; type: ImageType; width: number; height: number }
  | { ok: false; problem: 'empty' | 'gif' | 'not-an-image' | 'damaged' | 'too-large-picture' };

/** The caller's rule for a picture's width and height (in pixels). */
export type Fits = (width: number, height: number) => boolean;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bit depths allowed for each PNG colour type (PNG specification, table 11.1) and samples per pixel. */
const PNG_COLOUR: Record<number, { depths: number[]; samples: number }> = {
  0: { depths: [1, 2, 4, 8, 16], samples: 1 },
  2: { depths: [8, 16], samples: 3 },
  3: { depths: [1, 2, 4, 8], samples: 1 },
  4: { depths: [8, 16], samples: 2 },
  6: { depths: [8, 16], samples: 4 },
};

export async function readImage(bytes: Uint8Array, fits: Fits): Promise<ImageRead> {
  if (bytes.byteLength === 0) return { ok: false, problem: 'empty' };
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The signature says what to check the rest against; the check decides.
  const signed = storedImageType(b);
  if (signed === 'image/png') return checkPng(b, fits);
  if (signed === 'image/jpeg') return checkJpeg(b, fits);
  const head = b.subarray(0, 6).toString('latin1');
  return { ok: false, problem: head === 'GIF87a' || head === 'GIF89a' ? 'gif' : 'not-an-image' };
}

/**
 * The type an image's signature claims. readImage checks the rest of the file
 * against it; on its own it serves only images already checked (a stored logo
 * or map), for choosing how to draw them, never for accepting one.
 */
export function storedImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(Buffer.from(bytes.buffer, bytes.byteOffset, 8))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

const damaged = (): ImageRead => ({ ok: false, problem: 'damaged' });

function sizeProblem(width: number, height: number, fits: Fits): ImageRead | null {
  if (width <= 0 || height <= 0) return damaged();
  return fits(width, height) ? null : { ok: false, problem: 'too-large-picture' };
}

async function checkPng(b: Buffer, fits: Fits): Promise<ImageRead> {
  let at = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  const data: Buffer[] = [];
  let ended = false;
  while (at < b.length) {
    if (at + 12 > b.length) return damaged();
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > b.length) return damaged();
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length)) return damaged();
    const body = b.subarray(at + 8, at + 8 + length);
    if (header === null) {
      if (type !== 'IHDR' || length !== 13) return damaged();
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        depth: body[8]!,
        colour: body[9]!,
        interlace: body[12]!,
      };
      const colour = PNG_COLOUR[header.colour];
      if (!colour?.depths.includes(header.depth) || body[10] !== 0 || body[11] !== 0 || header.interlace > 1)
        return damaged();
      // Refused on its header alone: a few bytes can promise gigabytes of picture.
      const bad = sizeProblem(header.width, header.height, fits);
      if (bad) return bad;
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      ended = true;
      at = end;
      break;
    }
    at = end;
  }
  if (!header || !ended || at !== b.length || data.length === 0) return damaged();
  const expected = pngDataSize(
    header.width,
    header.height,
    header.depth * PNG_COLOUR[header.colour]!.samples,
    header.interlace,
  );
  return (await inflatedSize(Buffer.concat(data), expected)) === expected
    ? { ok: true, type: 'image/png', width: header.width, height: header.height }
    : damaged();
}

/** Bytes of filtered scanlines a PNG's image data must inflate to (each row has one filter byte). */
function pngDataSize(width: number, height: number, bitsPerPixel: number, interlace: number): number {
  const rows = (w: number, h: number) => (w === 0 || h === 0 ? 0 : h * (1 + Math.ceil((w * bitsPerPixel) / 8)));
  if (interlace === 0) return rows(width, height);
  // Adam7: seven passes, each a sub-image starting at (x0, y0) taking every dx-th column and dy-th row.
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  return passes.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)),
    0,
  );
}

/**
 * How many bytes the zlib stream inflates to, counted as it streams and
 * stopped one byte past `limit` (a small file that inflates to gigabytes is
 * never held in memory); -1 when the stream is broken or incomplete.
 */
function inflatedSize(compressed: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate();
    let size = 0;
    let settled = false;
    const finish = (n: number) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      resolve(n);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(size);
    });
    inflate.on('end', () => finish(size));
    inflate.on('error', () => finish(-1));
    inflate.end(compressed);
  });
}

/** Start-of-frame markers (baseline, extended, progressive, lossless; not DHT C4, JPG C8 or DAC CC). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function checkJpeg(b: Buffer, fits: Fits): ImageRead {
  let at = 2;
  let size: { width: number; height: number } | null = null;
  let scans = 0;
  while (at < b.length) {
    if (b[at] !== 0xff) return damaged();
    while (b[at] === 0xff) at += 1; // fill bytes
    if (at >= b.length) return damaged();
    const marker = b[at]!;
    at += 1;
    if (marker === 0xd9) {
      // End of image: a whole picture needs its frame and at least one scan.
      if (!size || scans === 0) return damaged();
      return { ok: true, type: 'image/jpeg', width: size.width, height: size.height };
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    if (marker === 0xd8 || marker === 0x00) return damaged();
    if (at + 2 > b.length) return damaged();
    const length = b.readUInt16BE(at);
    if (length < 2 || at + length > b.length) return damaged();
    if (SOF.has(marker)) {
      if (length < 8 || size) return damaged();
      size = { height: b.readUInt16BE(at + 3), width: b.readUInt16BE(at + 5) };
      const bad = sizeProblem(size.width, size.height, fits);
      if (bad) return bad;
    }
    at += length;
    if (marker === 0xda) {
      if (!size) return damaged();
      scans += 1;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      while (at < b.length) {
        if (b[at] === 0xff && at + 1 < b.length) {
          const next = b[at + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at += 1;
      }
      if (at >= b.length - 1) return damaged();
    }
  }
  return damaged();
}
