/**
 * A server action parses the form with the same schema its service parses
 * with again (the action to answer field errors, the service because it is
 * the boundary for every caller): each schema must accept its own output and
 * give the same result. A transform that does not (a number box read into a
 * number, "1" into true) breaks the page while every service test passes.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  actionRefInput,
  deleteActionInput,
  deleteIncidentInput,
  editIncidentInput,
  incidentRefInput,
  mergeIncidentInput,
  newActionInput,
  newIncidentInput,
  pinIncidentInput,
  splitActionInput,
} from '@/lib/incidents/schema';

const ID = '0193c0de-0000-7000-8000-000000000001';
const CAT = '0193c0de-0000-7000-8000-000000000002';
const OTHER = '0193c0de-0000-7000-8000-000000000003';

// Each as the browser posts it: strings only.
const forms: [string, z.ZodType, Record<string, string>][] = [
  [
    'add incident',
    newIncidentInput,
    {
      studentId: ID,
      text: ' What happened.\r\nMore. ',
      categoryIds: `${CAT},${OTHER}`,
      linked: JSON.stringify([{ studentId: OTHER, role: 'witness', categoryIds: [CAT] }]),
      markers: JSON.stringify([{ mapId: 'body-front', x: 0.5, y: 0.5, note: ' Bruise ' }]),
      occurredAt: '2026-03-01T09:00',
      status: 'closed',
      assigneeId: '',
      alertUserIds: ID,
      alertGroupIds: '',
      agencies: 'Police\nPolice\nEarly Help',
    },
  ],
  [
    'add action',
    newActionInput,
    {
      incidentId: ID,
      text: 'Did this.',
      categoryIds: CAT,
      occurredAt: '',
      alertUserIds: '',
      alertGroupIds: '',
      alertIncidentRecipients: 'on',
      toLinkedPupils: 'on',
      agencies: '',
    },
  ],
  [
    'edit',
    editIncidentInput,
    {
      incidentId: ID,
      version: '3',
      text: 'Edited.',
      categoryIds: CAT,
      occurredAt: '2026-03-01T09:00',
      status: 'active',
      agencies: 'Police',
      assigneeId: ID,
    },
  ],
  ['delete', deleteIncidentInput, { incidentId: ID, reason: ' Entered twice ' }],
  ['restore', incidentRefInput, { incidentId: ID }],
  ['pin', pinIncidentInput, { incidentId: ID, pinned: '1' }],
  ['unpin', pinIncidentInput, { incidentId: ID, pinned: '0' }],
  ['merge', mergeIncidentInput, { incidentId: ID, intoNumber: ' #1042 ' }],
  ['split', splitActionInput, { actionId: ID, categoryIds: `${CAT},${OTHER}` }],
  ['delete action', deleteActionInput, { actionId: ID, reason: 'Wrong pupil' }],
  ['action (restore, add to linked)', actionRefInput, { actionId: ID }],
];

describe('incident schemas accept their own output', () => {
  it.each(forms)('%s', (_name, schema, form) => {
    const once = schema.parse(form);
    expect(schema.parse(once)).toEqual(once);
  });

  it('reads the merge number and the pin as the person meant them', () => {
    expect(mergeIncidentInput.parse({ incidentId: ID, intoNumber: '#1042' }).intoNumber).toBe(1042);
    expect(pinIncidentInput.parse({ incidentId: ID, pinned: '1' }).pinned).toBe(true);
    expect(pinIncidentInput.parse({ incidentId: ID, pinned: '0' }).pinned).toBe(false);
  });
});
