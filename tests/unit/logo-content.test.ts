import { describe, expect, it } from 'vitest';
import { readImage } from '@/lib/files/image-content';
import { checkLogo, LOGO_MAX_BYTES } from '@/lib/files/logo-rules';
import { drawableInPdf } from '@/lib/pdf/flow';
import { brokenPng, JPEG, png, PNG_SIGNATURE, pngHeader } from '../support/images';

const text = (s: string) => new TextEncoder().encode(s);

describe('what an image is, by its content', () => {
  const anySize = () => true;

  it('reads a PNG’s and a JPEG’s type and size from their structure', async () => {
    expect(await readImage(png(240, 80), anySize)).toEqual({ ok: true, type: 'image/png', width: 240, height: 80 });
    expect(await readImage(JPEG, anySize)).toEqual({ ok: true, type: 'image/jpeg', width: 16, height: 16 });
  });

  it('refuses what only looks like one: a name, a signature alone, other formats, broken picture data', async () => {
    for (const bytes of [
      text('<html><script>alert(1)</script></html>'), // an HTML page renamed logo.png
      text('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      text('GIF89a\u0001\u0000\u0001\u0000'),
      text('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '),
      PNG_SIGNATURE, // the signature and nothing after it
      Buffer.concat([PNG_SIGNATURE, Buffer.alloc(40)]), // no IHDR chunk
      new Uint8Array([0xff, 0xd8, 0xff]), // a JPEG's first bytes only
      new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), // start then end, no frame
      new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff]), // a segment longer than the file
      JPEG.subarray(0, 100), // cut before its frame header
      new Uint8Array(0),
      brokenPng(20, 20), // its structure looks right, but its picture data does not inflate
    ]) {
      expect(await readImage(bytes, anySize)).toMatchObject({ ok: false });
    }
  });
});

describe('the logo’s rules', () => {
  it('accepts a PNG or a JPEG within the limits', async () => {
    expect(await checkLogo(png(240, 80))).toEqual({ ok: true, type: 'image/png' });
    expect(await checkLogo(JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
  });

  it('refuses an empty file, an oversized one, another type, a huge picture and a broken one, saying which', async () => {
    expect(await checkLogo(new Uint8Array(0))).toEqual({
      ok: false,
      message: 'That file is empty. Choose a PNG or JPEG image.',
    });
    const big = new Uint8Array(LOGO_MAX_BYTES + 1);
    big.set(png(10, 10));
    expect(await checkLogo(big)).toEqual({ ok: false, message: 'The logo must be 512 KB or smaller.' });
    expect(await checkLogo(png(10, 10).slice(0, LOGO_MAX_BYTES))).toMatchObject({ ok: true });
    expect(await checkLogo(brokenPng(20, 20))).toEqual({
      ok: false,
      message: 'That image is damaged or incomplete. Save it again as a PNG or JPEG and upload that.',
    });
    expect(await checkLogo(text('%PDF-1.7 renamed.png'))).toEqual({
      ok: false,
      message: 'That file is not a PNG or JPEG image (whatever its name says).',
    });
    // 30,000 × 30,000 pixels in a few dozen bytes would decode into gigabytes in every PDF header.
    const bomb = Buffer.concat([PNG_SIGNATURE, pngHeader(30_000, 30_000)]);
    expect(await checkLogo(bomb)).toEqual({
      ok: false,
      message: 'The logo must be at most 4000 pixels wide and high.',
    });
    expect(await checkLogo(Buffer.concat([PNG_SIGNATURE, pngHeader(0, 10)]))).toMatchObject({ ok: false });
  });

  it('a PDF header draws a good image and not one whose data is broken', async () => {
    expect(await drawableInPdf(png(240, 80))).toBe(true);
    expect(await drawableInPdf(JPEG)).toBe(true);
    expect(await drawableInPdf(brokenPng(20, 20))).toBe(false);
  });
});
