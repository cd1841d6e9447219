/**
 * Optional virus scanning of documents as they arrive: when a ClamAV daemon
 * is configured (CLAMAV_SOCKET, or CLAMAV_HOST and CLAMAV_PORT), each file's
 * bytes are passed on to clamd over its INSTREAM protocol in the same pass
 * that encrypts and stores them, so no plaintext copy is written by Haven and
 * no file is held whole; the verdict is awaited before the blob is accepted.
 *
 * The protocol is small enough to speak directly (the npm clients are either
 * unmaintained or much larger than this): "zINSTREAM\0", then chunks each
 * prefixed with its length as 4 bytes big-endian, a zero length to end, and
 * one reply: "stream: OK", "stream: <signature> FOUND" or "… ERROR".
 *
 * Fail closed: a configured scanner that cannot be reached, stops answering
 * or answers anything but OK or FOUND refuses the file. A school that asked
 * for scanning must never receive an unscanned file because the daemon was down.
 */
import 'server-only';
import net from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { getConfig, type Config } from '@/lib/config';
import { FileRefused } from './refusal';

/** The file contains a virus: the message names the file and the signature. */
export class VirusFound extends FileRefused {
  constructor(
    readonly fileName: string,
    readonly signature: string,
  ) {
    super(`“${fileName}” was refused: it contains a virus (${signature}).`, 422);
    this.name = 'VirusFound';
  }
}

/** The scanner is configured but did not give a verdict: the file is refused, not stored unscanned. */
export class ScanUnavailable extends FileRefused {
  constructor(
    fileName: string,
    readonly reason: string,
  ) {
    super(
      /size limit/i.test(reason)
        ? // clamd's StreamMaxLength is below the school's largest-file setting: only an administrator can change that.
          `“${fileName}” was not stored: it is larger than the virus scanner accepts, so it could not be checked for viruses. Tell your administrator.`
        : `“${fileName}” was not stored: it could not be checked for viruses because the virus scanner is not answering. Try again later, or tell your administrator.`,
      503,
    );
    this.name = 'ScanUnavailable';
  }
}

type ScannerConfig = NonNullable<Config['clamav']>;

/** How long clamd may be silent (connecting, taking bytes, or giving its verdict) before the file is refused. */
const SILENCE_MS = 60_000;
/** clamd's own limit on one chunk is far above this; smaller chunks keep memory flat. */
const MAX_CHUNK = 64 * 1024;

export function scannerConfigured(): boolean {
  return getConfig().clamav !== null;
}

/** A reply from clamd, read: OK, a named signature, or anything else (an error such as a size limit). */
export function parseClamdReply(
  reply: string,
): { kind: 'clean' } | { kind: 'infected'; signature: string } | { kind: 'error'; detail: string } {
  const text = reply.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(text)) return { kind: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { kind: 'infected', signature: found[1]!.slice(0, 200) };
  return { kind: 'error', detail: text.slice(0, 300) || 'no reply' };
}

/**
 * A pass-through stream that sends every byte it sees to clamd and, when the
 * file ends, waits for the verdict before it ends itself: a virus (VirusFound)
 * or a scanner that gave none (ScanUnavailable) fails the stream, so whatever
 * is consuming it (the encryption and the store) fails with it.
 * Returns null when no scanner is configured.
 */
export function createVirusScanStream(fileName: string, config = getConfig().clamav): Transform | null {
  if (!config) return null;
  return new ClamdScanStream(fileName, config);
}

class ClamdScanStream extends Transform {
  private readonly socket: net.Socket;
  private reply = '';
  private failure: Error | null = null;
  private socketClosed = false;
  private readonly onClose: Array<() => void> = [];

  constructor(
    private readonly fileName: string,
    config: ScannerConfig,
  ) {
    super();
    this.socket =
      'socket' in config ? net.connect({ path: config.socket }) : net.connect({ host: config.host, port: config.port });
    this.socket.setTimeout(SILENCE_MS);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => {
      // A reply is short; anything longer is not clamd.
      if (this.reply.length < 1024) this.reply += d;
    });
    this.socket.on('timeout', () => this.unavailable('timed out'));
    this.socket.on('error', (e: NodeJS.ErrnoException) => this.unavailable(e.code ?? e.message));
    this.socket.on('close', () => {
      this.socketClosed = true;
      for (const f of this.onClose.splice(0)) f();
    });
    this.socket.write('zINSTREAM\0');
  }

  private unavailable(reason: string) {
    // clamd answering early (e.g. "INSTREAM size limit exceeded") then closing is read as its reply, not as this.
    this.failure ??= new ScanUnavailable(this.fileName, reason);
    this.socket.destroy();
  }

  /** The error to fail with once the socket is gone: what clamd said, if it said anything, else why it went. */
  private verdictError(): Error | null {
    const parsed = parseClamdReply(this.reply);
    if (parsed.kind === 'infected') return new VirusFound(this.fileName, parsed.signature);
    if (parsed.kind === 'clean' && this.failure === null) return null;
    if (parsed.kind === 'error' && this.reply) return new ScanUnavailable(this.fileName, parsed.detail);
    return this.failure ?? new ScanUnavailable(this.fileName, 'closed without a verdict');
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.socketClosed) {
      done(this.verdictError() ?? new ScanUnavailable(this.fileName, 'closed early'));
      return;
    }
    let flushed = true;
    for (let at = 0; at < chunk.length; at += MAX_CHUNK) {
      const part = chunk.subarray(at, at + MAX_CHUNK);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(part.length);
      this.socket.write(size);
      flushed = this.socket.write(part);
    }
    if (flushed) {
      done(null, chunk);
      return;
    }
    // Back-pressure: a slow scanner slows the upload rather than filling memory.
    const go = () => {
      this.socket.off('drain', go);
      const waiting = this.onClose.indexOf(go);
      if (waiting >= 0) this.onClose.splice(waiting, 1);
      if (this.socketClosed) done(this.verdictError() ?? new ScanUnavailable(this.fileName, 'closed early'));
      else done(null, chunk);
    };
    this.socket.on('drain', go);
    this.onClose.push(go);
  }

  override _flush(done: TransformCallback): void {
    const finish = () => done(this.verdictError());
    if (this.socketClosed) {
      finish();
      return;
    }
    this.onClose.push(finish);
    // The zero-length chunk ends the stream; clamd answers and closes.
    this.socket.end(Buffer.alloc(4));
  }

  override _destroy(err: Error | null, done: (e: Error | null) => void): void {
    this.socket.destroy();
    done(err);
  }
}
