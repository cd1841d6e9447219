/**
 * The commands of `npm run db:migrate | job | school | seed | import | user | operator | library`. They run either in
 * the command-line process or, when the demo server owns the embedded
 * database, inside that server (control-server.ts); the output is the same.
 */
import 'server-only';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '@/db/migrate';
import { getConfig } from '@/lib/config';
import { UserError } from '@/lib/errors';
import { isDevMailboxEnabled } from '@/lib/mail/dev-mail';
import { createSchool } from '@/lib/schools/service';
import { listSchoolsForPlatform } from '@/lib/schools/platform';
import { findSchoolBySlug } from '@/lib/schools/queries';

export interface CommandIO {
  log: (line: string) => void;
}

const USAGE = `Commands:
  migrate                                   apply database migrations
  job NAME [--now ISO]                      run a job once (job --list to see them; --now: as if at that time, not in production)
  school create --slug S --name N [--trust T] [--time-zone Z]
  school list
  seed                                      install the demo schools if they are missing and import their extracts
  import --school SLUG PATH                 import an MIS extract (a folder or a .zip) into a school
  user add --school SLUG --email E --group G [--name N]
                                            add a person to a school (an existing account keeps its password and keys)
  user set-email --from OLD --to NEW        change the address a person signs in with, at every school
  user find --email E                       a person's account and their schools (user group, active or not)
  user remove-keys --email E --confirm      remove every 2FA device of a person, in every school (they are told)
  operator add --email E [--name N]         make a person an operator of the platform console (a new account gets a first-password link)
  operator list                             list the operators
  operator remove --email E                 end a person's operator role (their account and schools stay)
  library purge --school SLUG --document ID --reason R
                                            remove for good a library file the school has deleted`;

type Handler = (args: string[], io: CommandIO) => Promise<number>;

/**
 * `job NAME --now ISO`: runs a job as if at that instant, so tests can put a
 * job exactly where a reminder falls due. Only where no real school can be
 * (the development mailbox's installs: outbox mail on a *.localhost domain)
 * or outside production: a set clock must never send a live school's mail
 * early.
 */
function jobClock(text: string): Date {
  const cfg = getConfig();
  if (cfg.env === 'production' && !isDevMailboxEnabled(cfg))
    throw new UserError('--now is for development and tests only; this installation runs jobs at the real time.');
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(at.getTime()))
    throw new UserError('--now takes an ISO date and time, e.g. 2026-03-29T08:00:00Z.');
  return at;
}

const commands: Record<string, Handler> = {
  async migrate(_args, io) {
    await migrateDatabase();
    io.log('Database is up to date.');
    return 0;
  },

  // Jobs, the seed and the importer are loaded only by the command that runs them: the job
  // registry brings every job's drivers (mail, storage), which `import` and `migrate` do not need.
  async job(args, io) {
    const { JOBS } = await import('@/lib/jobs/registry');
    const { runJob } = await import('@/lib/jobs/run-job');
    const name = args[0];
    if (!name || name === '--list') {
      for (const j of Object.values(JOBS)) io.log(`${j.name.padEnd(20)} ${j.description}`);
      return name ? 0 : 2;
    }
    const { values } = parseArgs({ args: args.slice(1), options: { now: { type: 'string' } }, strict: true });
    const now = values.now === undefined ? undefined : jobClock(values.now);
    const summary = await runJob(name, { trigger: 'cli', log: io.log, now });
    io.log(
      `${name}: ${
        Object.entries(summary)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || 'done'
      }`,
    );
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
        options: {
          slug: { type: 'string' },
          name: { type: 'string' },
          trust: { type: 'string' },
          'time-zone': { type: 'string' },
        },
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
    // The demo's extracts were delivered to storage like an MIS connector's: import them as the job does, now.
    const { importDeliveredBundles } = await import('@/lib/jobs/mis-import');
    await importDeliveredBundles({ now: new Date(), settleMs: 0, log: io.log });
    return 0;
  },

  async import(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { school: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const target = positionals[0];
    if (!values.school || !target || positionals.length !== 1) {
      io.log(
        'Usage: npm run import -- --school SLUG PATH   (PATH: a folder holding students.csv etc., or a .zip of one)',
      );
      return 2;
    }
    const school = await findSchoolBySlug(values.school);
    if (!school) {
      io.log(`No school "${values.school}". See: npm run school -- list`);
      return 1;
    }
    const { importFromPath } = await import('@/lib/mis/service');
    const outcome = await importFromPath(school, target);
    if (outcome.status === 'failed') {
      io.log(`Import failed (run ${outcome.runId}): ${outcome.reason}`);
      return 1;
    }
    if (outcome.status !== 'succeeded') return 1;
    const c = outcome.counts;
    io.log(`Imported into ${school.name} (run ${outcome.runId}).`);
    for (const [file, f] of Object.entries(c.files)) {
      io.log(
        `  ${file.padEnd(15)} ${f.rows} rows: ${f.added} added, ${f.updated} updated, ${f.unchanged} unchanged, ${f.archived} archived, ${f.restored} restored, ${f.errors} errors`,
      );
    }
    if (c.siblingLinks) io.log(`  sibling links   ${c.siblingLinks.added} added, ${c.siblingLinks.removed} removed`);
    if (c.staffDeactivated > 0) io.log(`  user accounts   ${c.staffDeactivated} deactivated`);
    io.log(
      `  ${c.errors} errors, ${c.warnings} warnings${c.errors + c.warnings > 0 ? ' (see Admin → Imports for each row)' : ''}`,
    );
    return 0;
  },

  // Permanent deletion is the operators' alone: a school deletes (softly) and asks.
  async library(args, io) {
    const [sub, ...rest] = args;
    if (sub !== 'purge') {
      io.log(USAGE);
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: { school: { type: 'string' }, document: { type: 'string' }, reason: { type: 'string' } },
      strict: true,
    });
    const { purgeLibraryDocument } = await import('@/lib/library/purge');
    const done = await purgeLibraryDocument({
      school: values.school ?? '',
      document: values.document ?? '',
      reason: values.reason ?? '',
    });
    io.log(`Removed library file ${done.documentId} from ${done.schoolName} for good; the audit log records it.`);
    return 0;
  },

  // The deployment's operators (the platform console): a role of the platform, never of a school.
  async operator(args, io) {
    const [sub, ...rest] = args;
    const { addOperator, listOperators, removeOperator } = await import('@/lib/platform/operators');
    if (sub === 'list') {
      const rows = await listOperators();
      for (const o of rows) io.log(`${o.email.padEnd(40)} ${o.displayName}`);
      if (rows.length === 0) io.log('No operators yet.');
      return 0;
    }
    if (sub === 'add') {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' } },
        strict: true,
      });
      const added = await addOperator({ email: values.email ?? '', name: values.name });
      io.log(
        added.passwordLinkSent
          ? `${added.email} is now an operator; a link to set their password is on its way.`
          : `${added.email} is now an operator; they sign in to the console with the password and key they already have.`,
      );
      return 0;
    }
    if (sub === 'remove') {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } }, strict: true });
      await removeOperator({ email: values.email ?? '' });
      io.log(`${values.email} is no longer an operator; their console sessions have ended.`);
      return 0;
    }
    io.log(USAGE);
    return 2;
  },

  // Haven support's tools for people across schools, which no school's administrator may use.
  async user(args, io) {
    const [sub, ...rest] = args;
    const { addPersonToSchool, changeEmailEverywhere, findPerson, removeAllSecondFactors } =
      await import('@/lib/users/platform');
    if (sub === 'add') {
      const { values } = parseArgs({
        args: rest,
        options: {
          school: { type: 'string' },
          email: { type: 'string' },
          name: { type: 'string' },
          group: { type: 'string' },
        },
        strict: true,
      });
      const added = await addPersonToSchool({
        school: values.school ?? '',
        email: values.email ?? '',
        name: values.name,
        group: values.group ?? '',
      });
      const to = `${added.email} to ${added.schoolName}`;
      if (added.newAccount) io.log(`Added ${to} as a new account; a link to set their password is on its way.`);
      else if (added.passwordLinkSent)
        io.log(`Added ${to}; they have not set a password yet, so a link to set one is on its way.`);
      else io.log(`Added ${to}; they sign in there with the password and keys they already have.`);
      return 0;
    }
    if (sub === 'set-email') {
      const { values } = parseArgs({
        args: rest,
        options: { from: { type: 'string' }, to: { type: 'string' } },
        strict: true,
      });
      const changed = await changeEmailEverywhere({ from: values.from ?? '', to: values.to ?? '' });
      io.log(
        `${values.from} now signs in as ${values.to}${changed.schools > 0 ? ` at ${changed.schools} school${changed.schools === 1 ? '' : 's'}` : ''}; the old address has been told.`,
      );
      return 0;
    }
    if (sub === 'find') {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } }, strict: true });
      const person = await findPerson({ email: values.email ?? '' });
      io.log(`${person.displayName} <${person.email}>: ${person.secondFactors} 2FA device(s)`);
      for (const m of person.memberships)
        io.log(`  ${m.schoolSlug.padEnd(30)} ${m.group.padEnd(24)} ${m.active ? 'active' : 'deactivated'}`);
      if (person.memberships.length === 0) io.log('  no school');
      return 0;
    }
    if (sub === 'remove-keys') {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, confirm: { type: 'boolean' } },
        strict: true,
      });
      if (!values.confirm) {
        io.log(
          'This removes every authenticator app and security key of the person, in every school where they use Haven. Run it again with --confirm.',
        );
        return 1;
      }
      const done = await removeAllSecondFactors({ email: values.email ?? '', understood: 'on' });
      io.log(`Removed ${done.removed} 2FA device(s) of ${values.email}; they have been told by email.`);
      return 0;
    }
    io.log(USAGE);
    return 2;
  },
};

/**
 * Paths in a command are read by whichever process runs it (this one, or the
 * server that owns the embedded database, whose working directory may differ),
 * so they are made absolute where the command was typed.
 */
export function resolveCommandPaths(argv: string[], cwd: string): string[] {
  if (argv[0] !== 'import') return argv;
  const out = [...argv];
  for (let i = 1; i < out.length; i++) {
    if (out[i] === '--school') {
      i++;
      continue;
    }
    if (!out[i]!.startsWith('--')) out[i] = path.resolve(cwd, out[i]!);
  }
  return out;
}

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
