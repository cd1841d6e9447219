/**
 * The commands of `npm run db:migrate | job | school | seed`. They run either in
 * the command-line process or, when the demo server owns the embedded
 * database, inside that server (control-server.ts); the output is the same.
 */
import { parseArgs } from 'node:util';
import { migrateDatabase } from '@/db/migrate';
import { UserError } from '@/lib/errors';
import { JOBS } from '@/lib/jobs/registry';
import { runJob } from '@/lib/jobs/run-job';
import { createSchool } from '@/lib/schools/service';
import { listSchoolsForPlatform } from '@/lib/schools/platform';

export interface CommandIO {
  log: (line: string) => void;
}

const USAGE = `Commands:
  migrate                                   apply database migrations
  job NAME                                  run a job once (job --list to see them)
  school create --slug S --name N [--trust T] [--time-zone Z]
  school list
  seed                                      install the demo schools if they are missing`;

type Handler = (args: string[], io: CommandIO) => Promise<number>;

const commands: Record<string, Handler> = {
  async migrate(_args, io) {
    await migrateDatabase();
    io.log('Database is up to date.');
    return 0;
  },

  async job(args, io) {
    const name = args[0];
    if (!name || name === '--list') {
      for (const j of Object.values(JOBS)) io.log(`${j.name.padEnd(20)} ${j.description}`);
      return name ? 0 : 2;
    }
    const summary = await runJob(name, { trigger: 'cli', log: io.log });
    io.log(`${name}: ${Object.entries(summary).map(([k, v]) => `${k}=${v}`).join(' ') || 'done'}`);
    return 0;
  },

  async school(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const rows = await listSchoolsForPlatform();
      for (const s of rows) io.log(`${s.slug.padEnd(24)} ${s.name}${s.trustName ? ` (${s.trustName})` : ''}`);
      if (rows.length === 0) io.log('No schools yet.');
      return 0;
    }
    if (sub === 'create') {
      const { values } = parseArgs({
        args: rest,
        options: { slug: { type: 'string' }, name: { type: 'string' }, trust: { type: 'string' }, 'time-zone': { type: 'string' } },
        strict: true,
      });
      const created = await createSchool({
        slug: values.slug ?? '',
        name: values.name ?? '',
        trustName: values.trust,
        timeZone: values['time-zone'],
      });
      io.log(`Created school ${created.slug} (${created.id}).`);
      return 0;
    }
    io.log(USAGE);
    return 2;
  },

  async seed(_args, io) {
    const { installDemo } = await import('@/db/seed/install-demo');
    await installDemo({ log: io.log });
    return 0;
  },
};

export async function runCommand(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...args] = argv;
  const handler = name ? commands[name] : undefined;
  if (!handler || !Object.hasOwn(commands, name!)) {
    io.log(USAGE);
    return 2;
  }
  try {
    return await handler(args, io);
  } catch (e) {
    if (e instanceof UserError) {
      io.log(e.message);
      return 1;
    }
    if (e && typeof e === 'object' && 'issues' in e && Array.isArray((e as { issues: unknown[] }).issues)) {
      for (const i of (e as { issues: { path: PropertyKey[]; message: string }[] }).issues) {
        io.log(`${i.path.join('.') || 'input'}: ${i.message}`);
      }
      return 1;
    }
    throw e;
  }
}
