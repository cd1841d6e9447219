/**
 * `npm run demo`: the whole of Haven on one machine with no configuration.
 * Migrates and seeds the embedded database (idempotent), builds the app if the
 * sources changed since the last build, starts the production server with the
 * in-process scheduler, and prints the schools' addresses.
 */
import { spawn } from 'node:child_process';
import { closeDb } from '@/db/client';
import { readLockOwner } from '@/db/embedded-lock';
import { runCommand } from '@/lib/cli/commands';
import { forwardCommand } from '@/lib/cli/control-client';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { ConfigError, getConfig } from '@/lib/config';
import { DEMO_SCHOOLS } from '@/db/seed/demo-schools';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed/demo-users';
import { schoolOrigin, rootOrigin } from '@/lib/tenancy/host';
import { buildIfNeeded, tsxBin } from './build-if-needed';
import { waitForServer } from './http-probe';

async function prepareDatabase(): Promise<void> {
  const cfg = getConfig();
  const embeddedDir = cfg.database.driver === 'pglite' ? cfg.database.dataDir : null;
  const log = (line: string) => console.log(`  ${line}`);
  if (embeddedDir && readLockOwner(embeddedDir) !== null) {
    console.log('Another Haven process has the embedded database open; preparing it through that process.');
    for (const cmd of [['migrate'], ['seed']]) {
      const code = await forwardCommand(cfg.dataDir, cmd, (s) => process.stdout.write(`  ${s}`));
      if (code !== 0) throw new Error(`${cmd[0]} failed`);
    }
    return;
  }
  const host = await becomeEmbeddedHost();
  try {
    for (const cmd of [['migrate'], ['seed']]) {
      const code = await runCommand(cmd, { log });
      if (code !== 0) throw new Error(`${cmd[0]} failed`);
    }
  } finally {
    await host?.close();
    await closeDb(); // releases the embedded database for the server
  }
}

async function main() {
  const cfg = getConfig();
  console.log('Haven demo\n');
  console.log('Preparing the database…');
  await prepareDatabase();

  buildIfNeeded((line) => console.log(`\n${line}`));

  console.log('\nStarting the server…');
  // Haven's server (not `next start`): it tells the app each request's peer address.
  const child = spawn(tsxBin, ['scripts/server.ts', '--port', String(cfg.port), '--hostname', '127.0.0.1'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_ROOT_DOMAIN: cfg.rootDomain,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));

  const first = DEMO_SCHOOLS[0]!;
  if (await waitForServer(cfg.port, `${first.slug}.${cfg.rootDomain}`, 120_000)) {
    const lines = [
      '',
      'Haven is running.',
      '',
      `  ${'School finder'.padEnd(28)} ${rootOrigin(cfg.rootDomain, cfg.protocol)}/`,
      ...DEMO_SCHOOLS.map((s) => `  ${s.name.padEnd(28)} ${schoolOrigin(s.slug, cfg.rootDomain, cfg.protocol)}/`),
      `  ${'Sign in to several schools'.padEnd(28)} ${rootOrigin(cfg.rootDomain, cfg.protocol)}/sign-in`,
      ...(cfg.mail.driver === 'outbox'
        ? [`  ${'Mailbox'.padEnd(28)} ${rootOrigin(cfg.rootDomain, cfg.protocol)}/dev/mail`]
        : []),
      '',
      `Sign in with any of these (password: ${DEMO_PASSWORD}):`,
      ...DEMO_USERS.flatMap((u) => [
        `  ${u.email.padEnd(32)} ${u.role}${u.operator ? `: ${rootOrigin(cfg.rootDomain, cfg.protocol)}/console` : `; ${Object.keys(u.memberships).join(' and ')}`}`,
        ...(u.totpSecret
          ? [`  ${''.padEnd(32)} authenticator secret ${u.totpSecret} (or: oathtool --totp -b ${u.totpSecret})`]
          : []),
      ]),
      '',
      'Press Ctrl+C to stop.',
    ];
    console.log(lines.join('\n'));
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
