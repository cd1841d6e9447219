/**
 * An uploaded map is what its bytes say, whatever its name: real PNGs and
 * JPEGs (made by a browser) pass with their dimensions; text, a GIF, a
 * truncated or corrupted picture, one too large or with too many pixels are
 * refused with a sentence for the person.
 */
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkMapImage, MAX_MAP_BYTES } from '@/lib/maps/content';

const fixture = (name: string) => new Uint8Array(readFileSync(`tests/fixtures/maps/${name}`));
const PNG = fixture('playground.png');
const JPEG = fixture('classroom.jpg');

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A PNG made here: grey, 8 bits, optionally Adam7-interlaced, with image data of `rawBytes` (default: the right size). */
function makePng(width: number, height: number, opts: { interlace?: boolean; rawBytes?: number } = {}): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  ihdr[12] = opts.interlace ? 1 : 0;
  let size = height * (1 + width);
  if (opts.interlace) {
    const passes = [
      [0, 0, 8, 8],
      [4, 0, 8, 8],
      [0, 4, 4, 8],
      [2, 0, 4, 4],
      [0, 2, 2, 4],
      [1, 0, 2, 2],
      [0, 1, 1, 2],
    ];
    size = passes.reduce((sum, [x0, y0, dx, dy]) => {
      const w = Math.ceil((width - x0!) / dx!);
      const h = Math.ceil((height - y0!) / dy!);
      return sum + (w && h ? h * (1 + w) : 0);
    }, 0);
  }
  const raw = Buffer.alloc(opts.rawBytes ?? size, 0x40);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

describe('a map image is checked by its content', () => {
  it('accepts a PNG and a JPEG, with the dimensions read from the file', async () => {
    expect(await checkMapImage(PNG)).toEqual({ ok: true, type: 'image/png', width: 400, height: 300 });
    expect(await checkMapImage(JPEG)).toEqual({ ok: true, type: 'image/jpeg', width: 320, height: 240 });
    expect(await checkMapImage(makePng(13, 7, { interlace: true }))).toEqual({
      ok: true,
      type: 'image/png',
      width: 13,
      height: 7,
    });
  });

  it('refuses a text file named .png, and an empty file', async () => {
    const text = new TextEncoder().encode('<svg onload="alert(1)"></svg> this is not a picture');
    expect(await checkMapImage(text)).toEqual({ ok: false, message: expect.stringMatching(/not a JPEG or PNG/) });
    expect(await checkMapImage(new Uint8Array())).toEqual({ ok: false, message: expect.stringMatching(/Choose/) });
  });

  it('refuses a GIF by name', async () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(40)]);
    expect(await checkMapImage(gif)).toEqual({
      ok: false,
      message: expect.stringMatching(/GIF images are not accepted/),
    });
  });

  it('refuses a truncated PNG or JPEG at any length', async () => {
    for (const cut of [9, 33, 60, PNG.length - 12, PNG.length - 1]) {
      expect(await checkMapImage(PNG.subarray(0, cut)), `PNG cut at ${cut}`).toMatchObject({
        ok: false,
        message: expect.stringMatching(/damaged or incomplete/),
      });
    }
    for (const cut of [3, 20, JPEG.length / 2, JPEG.length - 2, JPEG.length - 1]) {
      expect(await checkMapImage(JPEG.subarray(0, cut)), `JPEG cut at ${cut}`).toMatchObject({
        ok: false,
        message: expect.stringMatching(/damaged or incomplete/),
      });
    }
  });

  it('refuses a PNG whose bytes were changed, or whose image data does not match its size', async () => {
    const flipped = Buffer.from(PNG);
    flipped[200] = flipped[200]! ^ 0xff;
    expect(await checkMapImage(flipped)).toMatchObject({ ok: false });
    expect(await checkMapImage(makePng(10, 10, { rawBytes: 50 }))).toMatchObject({ ok: false });
    // A small file that would inflate far past what its header promises is stopped, not held in memory.
    expect(await checkMapImage(makePng(10, 10, { rawBytes: 50_000_000 }))).toMatchObject({ ok: false });
  });

  it('refuses a file over 2 MB, and a picture of too many pixels', async () => {
    const big = new Uint8Array(MAX_MAP_BYTES + 1);
    big.set(PNG);
    expect(await checkMapImage(big)).toEqual({ ok: false, message: expect.stringMatching(/larger than 2 MB/) });
    expect(await checkMapImage(makePng(8000, 6000, { rawBytes: 10 }))).toEqual({
      ok: false,
      message: expect.stringMatching(/too many pixels/),
    });
  });
});
