/**
 * Building blocks for the SQL conditions. A condition is either SQL or a
 * constant known while building (the subject decides much of it: no
 * elevation, no permission), so constants fold away and a subject with no way
 * in yields a bare `false` the planner can short-circuit.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export type Condition = SQL | boolean;

/** A column or an SQL expression of the caller's query. */
export type ColumnRef = AnyColumn | SQL;

// The parts of conditions built here, so nested and/or flatten into one list
// and the SQL stays readable in logs and EXPLAIN output.
const conjunctions = new WeakMap<SQL, readonly SQL[]>();
const disjunctions = new WeakMap<SQL, readonly SQL[]>();

function combine(parts: Condition[], unit: boolean, own: WeakMap<SQL, readonly SQL[]>, joiner: SQL): Condition {
  if (parts.some((p) => p === !unit)) return !unit;
  const live = parts.filter((p): p is SQL => p !== unit).flatMap((p) => own.get(p) ?? [p]);
  if (live.length === 0) return unit;
  if (live.length === 1) return live[0] as SQL;
  const out = sql`(${sql.join(live, joiner)})`;
  own.set(out, live);
  return out;
}

/** Conjunction; `false` anywhere makes it `false`, `true` parts drop out. */
export function allOf(...parts: Condition[]): Condition {
  return combine(parts, true, conjunctions, sql` and `);
}

/** Disjunction; `true` anywhere makes it `true`, `false` parts drop out. */
export function anyOf(...parts: Condition[]): Condition {
  return combine(parts, false, disjunctions, sql` or `);
}

/** `ref in (…)`, one bound parameter per value; an empty list matches nothing. */
export function inList(ref: ColumnRef | SQL, values: Iterable<string>): Condition {
  const list = [...values].sort();
  if (list.length === 0) return false;
  return sql`${ref} in (${sql.join(
    list.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

export function toSql(condition: Condition): SQL {
  if (condition === true) return sql`true`;
  if (condition === false) return sql`false`;
  return condition;
}

/** Boolean inputs may be expressions; `is true` keeps a NULL from becoming "unknown". */
export const isTrue = (ref: ColumnRef): SQL => sql`(${ref}) is true`;
export const isNotTrue = (ref: ColumnRef): SQL => sql`(${ref}) is not true`;
