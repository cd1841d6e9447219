/**
 * Makes this process the owner of the embedded database: opens it (waiting for
 * a short command-line run to finish if one holds it) and serves the control
 * socket so later command-line tools run their commands here.
 */
import 'server-only';
import { getDatabase } from '@/db/client';
import { getConfig } from '@/lib/config';
import { startControlServer } from './control-server';

export async function becomeEmbeddedHost(): Promise<{ close: () => Promise<void> } | null> {
  const cfg = getConfig();
  if (cfg.database.driver !== 'pglite' || cfg.database.dataDir === null) return null;
  await getDatabase();
  return startControlServer(cfg.dataDir);
}
