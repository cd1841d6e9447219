/**
 * The database keeps each school's rows to that school, whatever the query.
 * Runs on PGlite and, via npm run test:pg, on real Postgres.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { withTestDatabase } from '../support/db';
import { seedTwoSchools, expectNoLeak, FIXTURE_TABLES, type FixtureSchool } from '../support/isolation';
import { inNoSchool, inSchool, rowsOf } from '@/db/scoped';
import { privileged } from '@/db/privileged';
import { findRowSecurityViolations, tenantTables } from '@/db/guards/row-security';

withTestDatabase();

/** Drizzle wraps driver errors ("Failed query: …"); the database's own message is the cause. */
async function expectDbError(p: Promise<unknown>, pattern: RegExp, label?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, label ?? 'expected the database to refuse').not.toBeNull();
  const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
  expect(cause, label).toMatch(pattern);
}

let a: FixtureSchool;
let b: FixtureSchool;
let tables: string[];

beforeAll(async () => {
  ({ a, b } = await seedTwoSchools());
  tables = await privileged('platform-console', 'test', (tx) => tenantTables(tx));
});

describe('guards', () => {
  it('finds the tenant tables and every one of them is covered by the isolation fixture', () => {
    expect(tables.length).toBeGreaterThanOrEqual(5);
    expect(tables.sort()).toEqual([...FIXTURE_TABLES].sort());
  });

  it('every tenant table has row-level security enabled, forced, a school policy, and no DELETE for the app', async () => {
    const violations = await privileged('platform-console', 'test', (tx) => findRowSecurityViolations(tx));
    expect(violations).toEqual([]);
  });

  it('the guard catches a tenant table added without a policy, in a throwaway schema', async () => {
    await privileged('platform-console', 'test', async (tx) => {
      await tx.execute(sql`create schema guard_probe`);
      await tx.execute(sql`create table guard_probe.probe (id uuid primary key, school_id uuid not null)`);
      await tx.execute(sql`grant usage on schema guard_probe to haven_app`);
      await tx.execute(sql`grant select, insert, update, delete on guard_probe.probe to haven_app`);
    });
    const before = await privileged('platform-console', 'test', (tx) => findRowSecurityViolations(tx, 'guard_probe'));
    expect(before.map((v) => v.problem).sort()).toEqual([
      'has no school_id policy for haven_app',
      'row-level security is not enabled',
      'row-level security is not forced',
      'the app role may DELETE from it (records are soft-deleted)',
    ]);
    await privileged('platform-console', 'test', async (tx) => {
      await tx.execute(sql`alter table guard_probe.probe enable row level security`);
      await tx.execute(sql`alter table guard_probe.probe force row level security`);
      await tx.execute(sql`create policy school_isolation on guard_probe.probe for all to haven_app
        using (school_id = nullif(current_setting('app.school_id', true), '')::uuid)
        with check (school_id = nullif(current_setting('app.school_id', true), '')::uuid)`);
      await tx.execute(sql`revoke delete on guard_probe.probe from haven_app`);
    });
    const after = await privileged('platform-console', 'test', (tx) => findRowSecurityViolations(tx, 'guard_probe'));
    expect(after).toEqual([]);
    await privileged('platform-console', 'test', (tx) => tx.execute(sql`drop schema guard_probe cascade`));
  });
});

describe('the transfers table', () => {
  it('transfers, the one table of two schools (no school_id column), is enabled, forced, policed for both parties and never deletable', async () => {
    const [row] = await privileged('platform-console', 'test', async (tx) =>
      rowsOf<{ enabled: boolean; forced: boolean; policy: string; can_delete: boolean }>(
        await tx.execute(sql`
          select c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
            (select qual from pg_policies where tablename = 'transfers' and 'haven_app' = any(roles)) as policy,
            has_table_privilege('haven_app', 'public.transfers', 'DELETE') as can_delete
          from pg_class c where c.relname = 'transfers' and c.relnamespace = 'public'::regnamespace`),
      ),
    );
    expect(row).toMatchObject({ enabled: true, forced: true, can_delete: false });
    expect(row!.policy).toMatch(/from_school_id.*\bOR\b.*to_school_id/is);
  });
});

describe('raw SQL as the app role', () => {
  it('with school A set, SELECT * from every tenant table returns only A rows', async () => {
    for (const table of tables) {
      const rows = await inSchool(a.id, async (tx) =>
        rowsOf<{ school_id: string }>(await tx.execute(sql`select * from ${sql.identifier(table)}`)),
      );
      expect(rows.length, `${table} has A's row`).toBeGreaterThan(0);
      expect(
        rows.every((r) => r.school_id === a.id),
        `${table} only A`,
      ).toBe(true);
      expectNoLeak(rows, b);
    }
  });

  it('with no school set, every tenant table is empty', async () => {
    for (const table of tables) {
      const rows = await inNoSchool(async (tx) =>
        rowsOf(await tx.execute(sql`select * from ${sql.identifier(table)}`)),
      );
      expect(rows, table).toEqual([]);
    }
  });

  it('an INSERT of a B row while acting as A fails', async () => {
    await expectDbError(
      inSchool(a.id, (tx) =>
        tx.execute(sql`insert into user_groups (id, school_id, name) values (${randomUUID()}, ${b.id}, 'intruder')`),
      ),
      /row-level security/,
    );
  });

  it('an UPDATE or DELETE aimed at B while acting as A touches nothing', async () => {
    await inSchool(a.id, (tx) => tx.execute(sql`update user_groups set name = 'renamed' where school_id = ${b.id}`));
    const bGroups = await inSchool(b.id, async (tx) =>
      rowsOf<{ name: string }>(await tx.execute(sql`select name from user_groups`)),
    );
    expect(bGroups.map((g) => g.name)).toEqual([`Group ${b.marker}`]);
  });

  it('with no school set, writes to tenant tables are refused', async () => {
    await expectDbError(
      inNoSchool((tx) =>
        tx.execute(sql`insert into user_groups (id, school_id, name) values (${randomUUID()}, ${a.id}, 'x')`),
      ),
      /row-level security/,
    );
  });

  it('the app role cannot edit or delete an audit row, even its own school’s', async () => {
    await expectDbError(
      inSchool(a.id, (tx) => tx.execute(sql`update audit_log set action = 'tampered'`)),
      /permission denied/,
    );
    await expectDbError(
      inSchool(a.id, (tx) => tx.execute(sql`delete from audit_log`)),
      /permission denied/,
    );
  });

  it('the app role cannot delete from any tenant table, nor read the privileged access log', async () => {
    for (const table of tables) {
      await expectDbError(
        inSchool(a.id, (tx) => tx.execute(sql`delete from ${sql.identifier(table)}`)),
        /permission denied/,
        table,
      );
    }
    await expectDbError(
      inSchool(a.id, (tx) => tx.execute(sql`select * from privileged_access_log`)),
      /permission denied/,
    );
  });

  it('the app role may read school names (the finder) but change only its own school', async () => {
    const names = await inNoSchool(async (tx) =>
      rowsOf<{ slug: string }>(await tx.execute(sql`select slug from schools`)),
    );
    expect(names.map((n) => n.slug)).toEqual(expect.arrayContaining([a.slug, b.slug]));
    await inSchool(a.id, (tx) => tx.execute(sql`update schools set name = 'Hijacked' where id = ${b.id}`));
    const bName = await inNoSchool(async (tx) =>
      rowsOf<{ name: string }>(await tx.execute(sql`select name from schools where id = ${b.id}`)),
    );
    expect(bName[0]?.name).toBe(`School ${b.marker}`);
    await expectDbError(
      inSchool(a.id, (tx) =>
        tx.execute(sql`insert into schools (id, slug, name) values (${randomUUID()}, 'new-one', 'New')`),
      ),
      /row-level security/,
    );
  });

  it('settings do not survive the transaction', async () => {
    await inSchool(a.id, async () => undefined);
    const res = await privileged('platform-console', 'test', async (tx) =>
      rowsOf<{ s: string | null; r: string }>(
        await tx.execute(sql`select current_setting('app.school_id', true) as s, current_user as r`),
      ),
    );
    expect(res[0]?.s ?? '').toBe('');
    expect(res[0]?.r).not.toBe('haven_app');
  });

  it('every privileged use is recorded with its purpose', async () => {
    await privileged('platform-console', 'audit probe', async () => undefined);
    const rows = await privileged('platform-console', 'test', async (tx) =>
      rowsOf<{ purpose: string; detail: string }>(
        await tx.execute(sql`select purpose, detail from privileged_access_log where detail = 'audit probe'`),
      ),
    );
    expect(rows).toEqual([{ purpose: 'platform-console', detail: 'audit probe' }]);
  });
});
