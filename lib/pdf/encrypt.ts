/**
 * A password on a PDF: qpdf encrypts it with AES-256 (security handler
 * revision 6), which standard readers refuse to open without the password.
 * The owner password is random and never kept: nobody can lift the
 * restrictions without the reader's password either.
 *
 * qpdf reads and writes files, so the plaintext PDF goes into a private
 * directory (0700, under the system's temporary directory) that is removed
 * in `finally` whatever happens; the passwords go in an argument file (0600)
 * in that directory, never on the command line where `ps` would show them.
 */
import 'server-only';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Found on PATH: the packages list in .ci/run and the README install it. */
const QPDF = 'qpdf';
const TIMEOUT_MS = 60_000;

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(QPDF, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: TIMEOUT_MS });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')).slice(0, 2000));
    child.on('error', (e) => reject(new Error(`qpdf could not be started: ${e.message}`)));
    child.on('exit', (code) =>
      // 3: finished with warnings; the file is written and valid.
      code === 0 || code === 3 ? resolve() : reject(new Error(`qpdf failed (${code}): ${err.trim()}`)),
    );
  });
}

/** The PDF encrypted with AES-256 (R=6) under `password`. */
export async function encryptPdf(pdf: Uint8Array, password: string): Promise<Uint8Array> {
  // qpdf would read a leading dash as one of its options.
  if (password === '' || /[\r\n\0]/.test(password) || password.startsWith('-'))
    throw new Error('A PDF password must be one non-empty line that does not start with a dash.');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'haven-pdf-encrypt-'));
  try {
    await fs.chmod(dir, 0o700);
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    const argsFile = path.join(dir, 'args');
    await fs.writeFile(input, pdf, { mode: 0o600 });
    // Hex, so it never starts with a dash (qpdf would read that as an option).
    const owner = randomBytes(32).toString('hex');
    // One argument per line: a password may hold spaces or quotes, never a line break.
    await fs.writeFile(argsFile, ['--encrypt', password, owner, '256', '--', input, output].join('\n') + '\n', {
      mode: 0o600,
    });
    await run([`@${argsFile}`]);
    return new Uint8Array(await fs.readFile(output));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
