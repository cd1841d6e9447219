/**
 * Hostile archives for the importer's tests, built without holding what they
 * unpack to: a zip bomb is one deflated megabyte of zeros, flushed so that
 * every following megabyte compresses to the same bytes, repeated.
 */
import zlib from 'node:zlib';

const MB = 1024 * 1024;

/** Raw deflate of `megabytes` MB of zeros (about 1 KB per MB), made in milliseconds. */
async function deflatedZeros(megabytes: number): Promise<Buffer> {
  const d = zlib.createDeflateRaw({ level: 9 });
  const zero = Buffer.alloc(MB);
  const chunks: Buffer[] = [];
  d.on('data', (c: Buffer) => chunks.push(c));
  const flushed = () =>
    new Promise<Buffer>((resolve) =>
      d.flush(zlib.constants.Z_FULL_FLUSH, () => {
        const out = Buffer.concat(chunks);
        chunks.length = 0;
        resolve(out);
      }),
    );
  d.write(zero);
  const segment = await flushed(); // a full flush resets the window: each megabyte is now the same bytes
  const end = new Promise<Buffer>((resolve) => d.on('end', () => resolve(Buffer.concat(chunks))));
  d.end();
  return Buffer.concat([...Array<Buffer>(megabytes).fill(segment), await end]);
}

function crcOfZeros(megabytes: number): number {
  const zero = Buffer.alloc(MB);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = zlib.crc32(zero, crc);
  return crc;
}

/** One stored zip entry (local header, data, central directory, end record). */
function zipOfOneEntry(name: string, method: 0 | 8, data: Buffer, crc: number, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0, 6);
  local.writeUInt16LE(method, 8);
  local.writeUInt32LE(0, 10); // time, date
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size >>> 0, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(method, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size >>> 0, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  // extra, comment, disk, attributes: zero; offset of the local header: 0
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(local.length + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

/** A zip of about `megabytes / 1000` MB whose students.csv unpacks to `megabytes` MB of zeros (1024: the 1 GB bomb). */
export async function zipBomb(megabytes = 1024, name = 'students.csv'): Promise<Buffer> {
  return zipOfOneEntry(name, 8, await deflatedZeros(megabytes), crcOfZeros(megabytes), megabytes * MB);
}
