import { execFileSync } from 'node:child_process';

/** The current code for a base32 secret, computed the way a phone would (Debian's oathtool). */
export function totpNow(secret: string, offsetSeconds = 0): string {
  const args = ['--totp', '-b', secret.replace(/\s+/g, '')];
  if (offsetSeconds) args.push(`--now=@${Math.floor(Date.now() / 1000) + offsetSeconds}`);
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

/** Waits until the next 30-second step starts, so a fresh code differs from one already used. */
export async function nextTotpStep(): Promise<void> {
  const ms = 30_000 - (Date.now() % 30_000) + 200;
  await new Promise((r) => setTimeout(r, ms));
}
