/**
 * Entry point of the command-line tools (npm run db:migrate | job | school | seed | import).
 * With the embedded database, a running Haven process owns the data directory:
 * the command is then sent to it; otherwise it runs here, and this process
 * serves the control socket meanwhile so a second tool goes through it.
 */
import { closeDb } from '@/db/client';
import { readLockOwner } from '@/db/embedded-lock';
import { forwardCommand } from '@/lib/cli/control-client';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { resolveCommandPaths, runCommand } from '@/lib/cli/commands';
import { ConfigError, getConfig } from '@/lib/config';

async function main(argv: string[]): Promise<number> {
  const cfg = getConfig();
  const embeddedDir = cfg.database.driver === 'pglite' ? cfg.database.dataDir : null;
  if (embeddedDir && readLockOwner(embeddedDir) !== null) {
    return forwardCommand(cfg.dataDir, argv, (s) => process.stdout.write(s));
  }
  const host = await becomeEmbeddedHost();
  try {
    return await runCommand(argv, { log: (line) => console.log(line) });
  } finally {
    await host?.close();
    await closeDb();
  }
}

// npm runs scripts from the package folder; INIT_CWD is where the command was typed.
main(resolveCommandPaths(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ConfigError) console.error(e.message);
    else console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
