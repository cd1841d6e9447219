/**
 * A new school's categories and rights, lozenge colours, and the shape of the
 * access tables (tenant rules: school_id first, the isolation policy).
 */
import { describe, expect, it } from 'vitest';
import { getTableConfig } from 'drizzle-orm/pg-core';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_CATEGORY_PERMISSIONS,
  defaultCategoryPermission,
  planDefaultCategories,
  planDefaultCategoryPermissions,
} from '@/lib/access/default-categories';
import {
  HEX_COLOUR,
  LOZENGE_TEXT_DARK,
  LOZENGE_TEXT_LIGHT,
  contrastRatio,
  lozengeTextColour,
} from '@/lib/access/lozenge-colour';
import { DEFAULT_USER_GROUPS } from '@/lib/schools/defaults';
import { categories, classRestrictionMembers, userGroupCategoryPermissions } from '@/db/schema/access';

/** CIE L*a*b* of an sRGB colour, for a perceptual distance between lozenges. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

describe('default categories', () => {
  it('are the issue’s list, in order', () => {
    expect(DEFAULT_CATEGORIES.map((c) => c.name)).toEqual([
      'Child Protection',
      'Safeguarding',
      'Behaviour',
      'Bullying',
      'Attendance',
      'Medical',
      'Mental Health',
      'Online Safety',
      'Prevent',
      'Family',
      'Domestic Abuse',
      'Self-harm',
      'SEND',
      'Young Carer',
      'Other',
    ]);
    const sub = (name: string) => DEFAULT_CATEGORIES.find((c) => c.name === name)?.children;
    expect(sub('Child Protection')).toEqual(['Physical abuse', 'Emotional abuse', 'Sexual abuse', 'Neglect']);
    expect(sub('Bullying')).toEqual(['Cyberbullying', 'Racist', 'Homophobic']);
  });

  it('have unique names, case-insensitively, among siblings and at the top', () => {
    const top = DEFAULT_CATEGORIES.map((c) => c.name.toLowerCase());
    expect(new Set(top).size).toBe(top.length);
    for (const c of DEFAULT_CATEGORIES)
      expect(new Set(c.children.map((n) => n.toLowerCase())).size, c.name).toBe(c.children.length);
  });

  it.each(DEFAULT_CATEGORIES.map((c) => [c.name, c] as const))(
    '%s: a valid colour readable with its text colour (≥ 4.5:1)',
    (_name, c) => {
      expect(c.colour).toMatch(HEX_COLOUR);
      expect(c.textColour).toBe(lozengeTextColour(c.colour));
      expect(contrastRatio(c.colour, c.textColour)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('colours are told apart easily (ΔE ≥ 20 between any two)', () => {
    for (const a of DEFAULT_CATEGORIES)
      for (const b of DEFAULT_CATEGORIES) {
        if (a === b) continue;
        const [la, lb] = [lab(a.colour), lab(b.colour)];
        expect(Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]), `${a.name} / ${b.name}`).toBeGreaterThanOrEqual(
          20,
        );
      }
  });
});

describe('lozenge text colour', () => {
  it.each([
    ['#000000', LOZENGE_TEXT_LIGHT],
    ['#ffffff', LOZENGE_TEXT_DARK],
    ['#ffff00', LOZENGE_TEXT_DARK],
    ['#1d4ed8', LOZENGE_TEXT_LIGHT],
  ])('%s → %s', (bg, text) => {
    expect(lozengeTextColour(bg)).toBe(text);
  });
  it('contrast ratios match WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
  it('refuses anything but #rrggbb', () => {
    expect(() => lozengeTextColour('red')).toThrow();
    expect(() => lozengeTextColour('#FFF')).toThrow();
  });
});

describe('default rights', () => {
  it('cover every default user group', () => {
    expect(Object.keys(DEFAULT_CATEGORY_PERMISSIONS).sort()).toEqual(DEFAULT_USER_GROUPS.map((g) => g.name).sort());
  });

  //                        view students, view incidents, add incidents
  it.each([
    ['DSL', 'Child Protection', [true, true, true]],
    ['DSL', 'Prevent', [true, true, true]],
    ['SLT', 'Child Protection', [true, true, true]],
    ['SLT', 'Behaviour', [true, true, true]],
    ['Pastoral', 'Behaviour', [true, true, true]],
    ['Pastoral', 'Child Protection', [true, false, true]],
    ['Pastoral', 'Domestic Abuse', [true, false, true]],
    ['Pastoral', 'Prevent', [false, false, true]],
    ['Teachers', 'Behaviour', [false, false, true]],
    ['Teachers', 'Child Protection', [false, false, true]],
    ['Support staff', 'Other', [false, false, true]],
    ['A group made by the school', 'Behaviour', [false, false, false]],
  ] as const)('%s in %s', (group, category, [viewStudents, viewIncidents, addIncidents]) => {
    expect(defaultCategoryPermission(group, category)).toEqual({ viewStudents, viewIncidents, addIncidents });
  });

  it('every group may add in every category: no disclosure is lost for want of a category', () => {
    for (const g of DEFAULT_USER_GROUPS)
      for (const c of DEFAULT_CATEGORIES)
        expect(defaultCategoryPermission(g.name, c.name).addIncidents, `${g.name} ${c.name}`).toBe(true);
  });
});

describe('planning a new school', () => {
  let n = 0;
  const planned = planDefaultCategories(() => `id-${++n}`);

  it('puts parents before their children, with sibling order and the parent’s colour', () => {
    const seen = new Set<string>();
    for (const c of planned) {
      if (c.parentId) expect(seen.has(c.parentId), c.name).toBe(true);
      seen.add(c.id);
    }
    expect(new Set(planned.map((c) => c.id)).size).toBe(planned.length);
    expect(planned.filter((c) => c.parentId === null).map((c) => c.sortOrder)).toEqual(
      DEFAULT_CATEGORIES.map((_, i) => i),
    );
    const cp = planned.find((c) => c.name === 'Child Protection');
    const neglect = planned.find((c) => c.name === 'Neglect');
    expect(neglect).toMatchObject({ parentId: cp?.id, colour: cp?.colour, sortOrder: 3 });
  });

  it('grants sub-categories their parent’s rights and leaves out empty rows', () => {
    const groups = DEFAULT_USER_GROUPS.map((g, i) => ({ id: `group-${i}`, name: g.name })).concat({
      id: 'group-custom',
      name: 'Governors',
    });
    const rows = planDefaultCategoryPermissions(groups, planned);
    const neglect = planned.find((c) => c.name === 'Neglect')?.id;
    const pastoral = groups.find((g) => g.name === 'Pastoral')?.id;
    expect(rows.find((r) => r.userGroupId === pastoral && r.categoryId === neglect)).toMatchObject({
      viewStudents: true,
      viewIncidents: false,
      addIncidents: true,
    });
    expect(rows.filter((r) => r.userGroupId === 'group-custom')).toEqual([]);
    // Five default groups, each with rights in every category.
    expect(rows).toHaveLength(DEFAULT_USER_GROUPS.length * planned.length);
  });
});

describe('access tables follow the tenant rules', () => {
  it.each([
    ['categories', categories],
    ['user_group_category_permissions', userGroupCategoryPermissions],
    ['class_restriction_members', classRestrictionMembers],
  ] as const)('%s: school_id first, in every key and index, with the isolation policy', (name, table) => {
    const config = getTableConfig(table);
    expect(config.name).toBe(name);
    expect(config.columns[0]?.name).toBe('school_id');
    expect(config.columns[0]?.notNull).toBe(true);
    expect(config.policies.map((p) => p.name)).toEqual(['school_isolation']);
    for (const index of config.indexes) {
      const first = index.config.columns[0];
      expect(first && 'name' in first ? first.name : undefined, index.config.name).toBe('school_id');
    }
    for (const pk of config.primaryKeys) expect(pk.columns[0]?.name).toBe('school_id');
    for (const u of config.uniqueConstraints) expect(u.columns[0]?.name).toBe('school_id');
    // Cross-table references within a school carry the school: (school_id, id), never id alone.
    for (const fk of config.foreignKeys) {
      const ref = fk.reference();
      if (ref.foreignTable === categories) expect(ref.columns[0]?.name, fk.getName()).toBe('school_id');
    }
  });
});
