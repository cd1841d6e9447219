/**
 * What an uploaded document is, read from its bytes as they stream past
 * (never from the name or the type the browser declared, which the uploader
 * chooses), and whether that agrees with its extension. The accepted list is
 * the issue's: PDF, Office, Outlook, images, audio, video, text and data,
 * archives, RTF, OpenDocument. Zip-based formats (.docx, .odt…) are told apart
 * by the zip's central directory or its first entry; OLE compound files (.doc,
 * .msg, .pub…) share one signature; text formats must be valid UTF-8 (ASCII
 * included) without NUL bytes. Pure: no database, no I/O; unit-tested.
 */

const HEAD_BYTES = 8 * 1024;
/** The zip central directory is read from the tail; a larger directory than this is not trusted. */
const TAIL_BYTES = 1024 * 1024;

export type Family = 'pdf' | 'office' | 'email' | 'image' | 'audio' | 'video' | 'text' | 'archive';

interface Kind {
  mime: string;
  family: Family;
  label: string;
  check: (s: Sniffed) => boolean;
}

/** What the sniffer saw: the first and last bytes, and whether the whole was clean text. */
export interface Sniffed {
  size: number;
  head: Buffer;
  tail: Buffer;
  text: boolean;
}

const starts = (b: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const isCfb = (s: Sniffed) => starts(s.head, CFB);
const isZip = (s: Sniffed) => starts(s.head, 'PK\u0003\u0004') || starts(s.head, 'PK\u0005\u0006');

function ftypBrand(s: Sniffed): string | null {
  return starts(s.head, 'ftyp', 4) ? s.head.toString('latin1', 8, 12) : null;
}
const brandIn =
  (...brands: string[]) =>
  (s: Sniffed) => {
    const b = ftypBrand(s);
    return b !== null && brands.includes(b);
  };
const MP4_BRANDS = ['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'mmp4', 'MSNV'];

/** Names in the zip's central directory (from the tail), or null when it cannot be read there. */
export function zipEntryNames(s: Sniffed): string[] | null {
  const t = s.tail;
  const tailStart = s.size - t.length;
  for (let at = t.length - 22; at >= 0 && at >= t.length - 22 - 0xffff; at--) {
    if (t.readUInt32LE(at) !== 0x06054b50) continue;
    const count = t.readUInt16LE(at + 10);
    const cdSize = t.readUInt32LE(at + 12);
    const cdOffset = t.readUInt32LE(at + 16);
    let p = cdOffset - tailStart;
    if (p < 0 || p + cdSize > at) return null;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      if (p + 46 > t.length || t.readUInt32LE(p) !== 0x02014b50) return null;
      const nameLen = t.readUInt16LE(p + 28);
      const extra = t.readUInt16LE(p + 30);
      const comment = t.readUInt16LE(p + 32);
      names.push(t.toString('utf8', p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extra + comment;
    }
    return names;
  }
  return null;
}

const ooxml = (folder: string) => (s: Sniffed) => {
  if (!isZip(s)) return false;
  const names = zipEntryNames(s);
  return names !== null && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder));
};

/** OpenDocument: a zip whose first entry is the uncompressed `mimetype` naming the format. */
const odf = (mime: string) => (s: Sniffed) => {
  if (!starts(s.head, 'PK\u0003\u0004') || s.head.length < 30) return false;
  const nameLen = s.head.readUInt16LE(26);
  const extra = s.head.readUInt16LE(28);
  return (
    s.head.toString('latin1', 30, 30 + nameLen) === 'mimetype' &&
    s.head.toString('latin1', 30 + nameLen + extra, 30 + nameLen + extra + mime.length) === mime
  );
};

const textOnly = (s: Sniffed) => s.text;
const xmlText = (s: Sniffed) => s.text && /^(\ufeff)?\s*</.test(s.head.toString('utf8', 0, 256));
const emlText = (s: Sniffed) => s.text && /^(\ufeff)?[\x21-\x39\x3b-\x7e]+:/.test(s.head.toString('utf8', 0, 256));

const RIFF = (form: string) => (s: Sniffed) => starts(s.head, 'RIFF') && starts(s.head, form, 8);
const ASF = [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9, 0x00, 0xaa, 0x00, 0x62, 0xce, 0x6c];
const isMp3 = (s: Sniffed) =>
  starts(s.head, 'ID3') || (s.head.length >= 2 && s.head[0] === 0xff && (s.head[1]! & 0xe0) === 0xe0);
const isMov = (s: Sniffed) =>
  ftypBrand(s) === 'qt  ' || ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].some((a) => starts(s.head, a, 4));
const isMpeg = (s: Sniffed) => starts(s.head, [0, 0, 1, 0xba]) || starts(s.head, [0, 0, 1, 0xb3]);

const K = (mime: string, family: Family, label: string, check: (s: Sniffed) => boolean): Kind => ({
  mime,
  family,
  label,
  check,
});
const cfb = (mime: string, label: string) => K(mime, 'office', label, isCfb);

/** Every accepted extension, what its content must be, and the type it is served as. */
export const ACCEPTED: Readonly<Record<string, Kind>> = {
  pdf: K('application/pdf', 'pdf', 'PDF', (s) => starts(s.head, '%PDF-')),
  doc: cfb('application/msword', 'Word document'),
  xls: cfb('application/vnd.ms-excel', 'Excel workbook'),
  ppt: cfb('application/vnd.ms-powerpoint', 'PowerPoint presentation'),
  pub: cfb('application/x-mspublisher', 'Publisher document'),
  msg: K('application/vnd.ms-outlook', 'email', 'Outlook message', isCfb),
  docx: K(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'office',
    'Word document',
    ooxml('word/'),
  ),
  xlsx: K(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'office',
    'Excel workbook',
    ooxml('xl/'),
  ),
  pptx: K(
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'office',
    'PowerPoint presentation',
    ooxml('ppt/'),
  ),
  odt: K(
    'application/vnd.oasis.opendocument.text',
    'office',
    'OpenDocument text',
    odf('application/vnd.oasis.opendocument.text'),
  ),
  ods: K(
    'application/vnd.oasis.opendocument.spreadsheet',
    'office',
    'OpenDocument spreadsheet',
    odf('application/vnd.oasis.opendocument.spreadsheet'),
  ),
  odp: K(
    'application/vnd.oasis.opendocument.presentation',
    'office',
    'OpenDocument presentation',
    odf('application/vnd.oasis.opendocument.presentation'),
  ),
  rtf: K('application/rtf', 'office', 'Rich Text document', (s) => starts(s.head, '{\\rtf')),
  eml: K('message/rfc822', 'email', 'email', emlText),
  jpg: K('image/jpeg', 'image', 'JPEG image', (s) => starts(s.head, [0xff, 0xd8, 0xff])),
  jpeg: K('image/jpeg', 'image', 'JPEG image', (s) => starts(s.head, [0xff, 0xd8, 0xff])),
  png: K('image/png', 'image', 'PNG image', (s) => starts(s.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  gif: K('image/gif', 'image', 'GIF image', (s) => starts(s.head, 'GIF87a') || starts(s.head, 'GIF89a')),
  tif: K('image/tiff', 'image', 'TIFF image', (s) => starts(s.head, 'II*\u0000') || starts(s.head, 'MM\u0000*')),
  tiff: K('image/tiff', 'image', 'TIFF image', (s) => starts(s.head, 'II*\u0000') || starts(s.head, 'MM\u0000*')),
  heic: K('image/heic', 'image', 'HEIC photo', brandIn('heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1')),
  wav: K('audio/wav', 'audio', 'WAV recording', RIFF('WAVE')),
  mp3: K('audio/mpeg', 'audio', 'MP3 recording', isMp3),
  m4a: K('audio/mp4', 'audio', 'M4A recording', brandIn('M4A ', 'M4B ', 'mp42', 'isom', 'mp41')),
  wma: K('audio/x-ms-wma', 'audio', 'WMA recording', (s) => starts(s.head, ASF)),
  mp4: K('video/mp4', 'video', 'MP4 video', brandIn(...MP4_BRANDS)),
  mov: K('video/quicktime', 'video', 'QuickTime video', isMov),
  mpg: K('video/mpeg', 'video', 'MPEG video', isMpeg),
  avi: K('video/x-msvideo', 'video', 'AVI video', RIFF('AVI ')),
  txt: K('text/plain', 'text', 'text file', textOnly),
  csv: K('text/csv', 'text', 'CSV file', textOnly),
  xml: K('application/xml', 'text', 'XML file', xmlText),
  zip: K('application/zip', 'archive', 'zip archive', isZip),
  rar: K('application/vnd.rar', 'archive', 'RAR archive', (s) => starts(s.head, 'Rar!\u001a\u0007')),
  '7z': K('application/x-7z-compressed', 'archive', '7-Zip archive', (s) =>
    starts(s.head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
  ),
};

export const ACCEPTED_EXTENSIONS = Object.keys(ACCEPTED);

/**
 * Watches a file stream go by, keeping only its first 8 KB, its last 1 MB and
 * whether it is clean text so far: the check needs nothing else, so a 50 MB
 * file is never held.
 */
export class ContentSniffer {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private size = 0;
  private text = true;
  private decoder = new TextDecoder('utf-8', { fatal: true });

  write(chunk: Uint8Array): void {
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.size += b.length;
    if (this.headBytes < HEAD_BYTES) {
      const part = Buffer.from(b.subarray(0, HEAD_BYTES - this.headBytes));
      this.head.push(part);
      this.headBytes += part.length;
    }
    this.tail.push(Buffer.from(b));
    this.tailBytes += b.length;
    while (this.tail.length > 1 && this.tailBytes - this.tail[0]!.length >= TAIL_BYTES) {
      this.tailBytes -= this.tail.shift()!.length;
    }
    if (this.text) {
      if (b.includes(0)) this.text = false;
      else {
        try {
          this.decoder.decode(b, { stream: true });
        } catch {
          this.text = false;
        }
      }
    }
  }

  finish(): Sniffed {
    let text = this.text;
    if (text) {
      try {
        this.decoder.decode(); // an incomplete character at the very end is not text
      } catch {
        text = false;
      }
    }
    const tail = Buffer.concat(this.tail);
    return {
      size: this.size,
      head: Buffer.concat(this.head),
      tail: tail.subarray(Math.max(0, tail.length - TAIL_BYTES)),
      text,
    };
  }
}

export type TypeCheck =
  { ok: true; extension: string; contentType: string; label: string; family: Family } | { ok: false; message: string };

/** Whether a file named `name` (already sanitised) with this content is accepted, with a sentence naming it if not. */
export function checkFileType(name: string, sniffed: Sniffed): TypeCheck {
  const shown = `“${name}”`;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (sniffed.size === 0) return { ok: false, message: `${shown} is empty.` };
  if (!extension) {
    return { ok: false, message: `${shown} has no file extension, so its type cannot be checked.` };
  }
  const kind = Object.hasOwn(ACCEPTED, extension) ? ACCEPTED[extension]! : null;
  if (!kind) {
    return { ok: false, message: `${shown}: .${extension} files cannot be kept here.` };
  }
  if (!kind.check(sniffed)) {
    return {
      ok: false,
      message: `${shown} is not a ${kind.label}, whatever its name says: its content does not match .${extension}.`,
    };
  }
  return { ok: true, extension, contentType: kind.mime, label: kind.label, family: kind.family };
}
