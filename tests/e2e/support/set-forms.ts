/**
 * Gives the demo school custom fields on its three forms, as Admin → Form
 * builder would, by writing the school's settings directly: "Location" (a
 * dropdown for Behaviour incidents, with advice), "Outcome" on actions and
 * "Young carer" on the pupil's information. For e2e set-up only, and only
 * while no server owns the data directory (like find-pupil.ts).
 * Run: HAVEN_DATA_DIR=… tsx --conditions=react-server tests/e2e/support/set-forms.ts
 */
import { and, eq, isNull } from 'drizzle-orm';
import { closeDb } from '@/db/client';
import { readLockOwner } from '@/db/embedded-lock';
import { inSchool } from '@/db/scoped';
import { categories, schools } from '@/db/schema';
import { becomeEmbeddedHost } from '@/lib/cli/embedded-host';
import { getConfig } from '@/lib/config';
import { findSchoolBySlug } from '@/lib/schools/queries';
import type { CustomField, FormFieldRef, FormKind } from '@/lib/settings';

const field = (id: string, label: string, options: string[], categoryIds: string[] = []): CustomField => ({
  id,
  label,
  kind: 'dropdown',
  options,
  multiple: false,
  required: false,
  categoryIds,
  retired: false,
});
const custom = <K extends FormKind>(f: CustomField, advice: string): FormFieldRef<K> => ({
  kind: 'custom',
  field: f,
  advice,
});

async function main(): Promise<void> {
  const cfg = getConfig();
  if (cfg.database.driver !== 'pglite' || !cfg.database.dataDir)
    throw new Error('set-forms writes an embedded database only');
  if (readLockOwner(cfg.database.dataDir) !== null)
    throw new Error('a running process owns the database; stop it first');
  const host = await becomeEmbeddedHost();
  try {
    const school = await findSchoolBySlug('demo');
    if (!school) throw new Error('no demo school');
    await inSchool(school.id, async (tx) => {
      const [behaviour] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(and(eq(categories.name, 'Behaviour'), isNull(categories.parentId)));
      if (!behaviour) throw new Error('the demo school has no Behaviour category');
      const s = school.settings;
      const settings = {
        ...s,
        incidentForm: [
          ...s.incidentForm,
          custom(
            field(
              '5e0c1b9a-4a52-4c3e-9a61-0d3f1c2b7a01',
              'Location',
              ['Playground', 'Canteen', 'Classroom'],
              [behaviour.id],
            ),
            'Where it happened, if on site.',
          ),
        ],
        actionForm: [
          ...s.actionForm,
          custom(
            field('5e0c1b9a-4a52-4c3e-9a61-0d3f1c2b7a02', 'Outcome', ['Resolved', 'Referred']),
            'How it ended for now.',
          ),
        ],
        studentForm: [
          ...s.studentForm,
          custom(field('5e0c1b9a-4a52-4c3e-9a61-0d3f1c2b7a03', 'Young carer', ['Yes', 'No']), 'As the family told us.'),
        ],
      };
      await tx.update(schools).set({ settings }).where(eq(schools.id, school.id));
    });
  } finally {
    await host?.close();
    await closeDb();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
