/**
 * What a vault upload is, by its bytes, and its name made safe: a wrong type
 * by content, a double extension, path-like and hostile names, empty files,
 * text that is not text, and the zip-based formats told apart.
 */
import { randomBytes } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkFileType, ContentSniffer, type Sniffed } from '@/lib/vault/file-type';
import { extensionOf, sanitiseFileName, uniqueEntryNames } from '@/lib/vault/file-name';

function sniff(bytes: Buffer | Uint8Array, pieceSize = 4096): Sniffed {
  const s = new ContentSniffer();
  for (let at = 0; at < bytes.length; at += pieceSize) s.write(bytes.subarray(at, at + pieceSize));
  return s.finish();
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
const EXE = Buffer.concat([Buffer.from('MZ'), randomBytes(200)]);
const CFB = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(500)]);

function docx(folder = 'word'): Buffer {
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      '_rels/.rels': strToU8('<Relationships/>'),
      [`${folder}/document.xml`]: strToU8('<w:document/>'),
    }),
  );
}

function odt(mime = 'application/vnd.oasis.opendocument.text'): Buffer {
  return Buffer.from(
    zipSync({ mimetype: [strToU8(mime), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }),
  );
}

const ok = (name: string, bytes: Buffer) => checkFileType(name, sniff(bytes));

describe('document type by content', () => {
  it.each([
    ['report.pdf', PDF, 'application/pdf'],
    ['photo.PNG', PNG, 'image/png'],
    ['minutes.docx', docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['figures.xlsx', docx('xl'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['letter.odt', odt(), 'application/vnd.oasis.opendocument.text'],
    ['old.doc', CFB, 'application/msword'],
    ['mail.msg', CFB, 'application/vnd.ms-outlook'],
    ['notes.txt', Buffer.from('Plain notes, café, 😀\n'), 'text/plain'],
    ['list.csv', Buffer.from('a,b\n1,2\n'), 'text/csv'],
    ['data.xml', Buffer.from('<?xml version="1.0"?><a/>'), 'application/xml'],
    ['mail.eml', Buffer.from('From: a@b.example\r\nSubject: x\r\n\r\nbody'), 'message/rfc822'],
    ['bundle.zip', docx(), 'application/zip'],
    ['clip.mp4', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), randomBytes(40)]), 'video/mp4'],
    [
      'photo.heic',
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), randomBytes(40)]),
      'image/heic',
    ],
    [
      'call.wav',
      Buffer.concat([Buffer.from('RIFF'), randomBytes(4), Buffer.from('WAVE'), randomBytes(40)]),
      'audio/wav',
    ],
    ['doc.rtf', Buffer.from('{\\rtf1\\ansi hello}'), 'application/rtf'],
  ])('accepts %s', (name, bytes, type) => {
    const r = ok(name, bytes);
    expect(r).toMatchObject({ ok: true, contentType: type });
  });

  it('refuses a file whose content is not what its extension says, naming it', () => {
    expect(ok('letter.pdf', HTML)).toEqual({
      ok: false,
      message: '“letter.pdf” is not a PDF, whatever its name says: its content does not match .pdf.',
    });
    expect(ok('photo.png', PDF)).toMatchObject({ ok: false });
    expect(ok('notes.docx', Buffer.from(zipSync({ 'a.txt': strToU8('x') })))).toMatchObject({ ok: false });
    expect(ok('sheet.xlsx', docx('word'))).toMatchObject({ ok: false });
    expect(ok('text.odt', odt('application/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({ ok: false });
  });

  it('judges a double extension by the last one: x.pdf.exe is an .exe', () => {
    expect(ok('x.pdf.exe', PDF)).toEqual({ ok: false, message: '“x.pdf.exe”: .exe files cannot be kept here.' });
    expect(ok('x.exe.pdf', EXE)).toMatchObject({ ok: false });
  });

  it('never accepts HTML or SVG, whatever they are called', () => {
    expect(ok('page.html', HTML)).toMatchObject({ ok: false });
    expect(ok('pic.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({ ok: false });
    expect(ok('pic.png', Buffer.from('<svg onload="alert(1)"/>'))).toMatchObject({ ok: false });
  });

  it('refuses an empty file and one without an extension', () => {
    expect(ok('empty.pdf', Buffer.alloc(0))).toEqual({ ok: false, message: '“empty.pdf” is empty.' });
    expect(ok('README', Buffer.from('hello'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('no file extension'),
    });
  });

  it('refuses text files that are not clean text: NUL bytes, invalid UTF-8, UTF-16, a cut character', () => {
    expect(ok('a.txt', Buffer.from('abc\u0000def'))).toMatchObject({ ok: false });
    expect(ok('a.csv', Buffer.from([0x61, 0xff, 0x62]))).toMatchObject({ ok: false });
    expect(ok('a.txt', Buffer.from('\ufeffhello', 'utf16le'))).toMatchObject({ ok: false });
    expect(ok('a.txt', Buffer.from('café').subarray(0, 4))).toMatchObject({ ok: false });
    expect(ok('a.txt', EXE)).toMatchObject({ ok: false });
  });

  it('reads text validity across piece boundaries (a character split between two pieces is fine)', () => {
    const text = Buffer.from('é'.repeat(5000));
    expect(checkFileType('a.txt', sniff(text, 3))).toMatchObject({ ok: true });
  });

  it('reads the central directory of a large zip from its tail only', () => {
    const big = Buffer.from(
      zipSync({
        '[Content_Types].xml': strToU8('<Types/>'),
        'word/media/image1.bin': [randomBytes(3 * 1024 * 1024), { level: 0 }],
        'word/document.xml': strToU8('<w:document/>'),
      }),
    );
    expect(checkFileType('big.docx', sniff(big, 65536))).toMatchObject({ ok: true });
  });
});

describe('document names', () => {
  it.each([
    ['../../x.pdf', 'x.pdf'],
    ['C:\\Users\\dsl\\Letter.pdf', 'Letter.pdf'],
    ['/etc/passwd', 'passwd'],
    ['..', ''],
    ['.hidden.pdf', 'hidden.pdf'],
    ['a\u0000b\r\n.pdf', 'ab.pdf'],
    ['cod\u202Efdp.exe', 'codfdp.exe'],
    ['  spaced   name .pdf ', 'spaced name .pdf'],
    ['trailing.pdf. . ', 'trailing.pdf'],
  ])('%j becomes %j', (raw, safe) => {
    expect(sanitiseFileName(raw)).toBe(safe);
  });

  it('keeps the extension when cutting a very long name', () => {
    const safe = sanitiseFileName(`${'a'.repeat(500)}.docx`);
    expect(safe.length).toBeLessThanOrEqual(180);
    expect(extensionOf(safe)).toBe('docx');
  });

  it('numbers duplicate zip entries and keeps no path', () => {
    expect(uniqueEntryNames(['Letter.pdf', '../Letter.pdf', 'letter.PDF', 'notes', 'notes', ''])).toEqual([
      'Letter.pdf',
      'Letter (2).pdf',
      'letter (3).PDF',
      'notes',
      'notes (2)',
      'document',
    ]);
  });
});
