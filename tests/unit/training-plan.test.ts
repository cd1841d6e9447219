/**
 * What disabling training mode removes and keeps, as pure rules: ticked
 * training records go; a training record that holds a genuine one stays (and
 * whatever that in turn holds); monitoring goes only when no genuine record
 * relied on it.
 */
import { describe, expect, it } from 'vitest';
import { KEEP_NOTHING, planMonitoring, planPurge, type TrainingGraph } from '@/lib/training/plan';

const keep = (incidentIds: string[] = [], actionIds: string[] = []) => ({
  incidentIds: new Set(incidentIds),
  actionIds: new Set(actionIds),
});
const sorted = (s: Set<string>) => [...s].sort();

describe('planPurge', () => {
  it('removes flagged records and loses a genuine incident’s training action only', () => {
    const graph: TrainingGraph = {
      incidents: [{ id: 'T', mergedIntoId: null }],
      mergedIntoFlagged: [],
      actions: [
        { id: 'a-on-T', incidentId: 'T', mergedFromIncidentId: null, training: true },
        { id: 'a-on-G', incidentId: 'G', mergedFromIncidentId: null, training: true },
      ],
    };
    const plan = planPurge(graph, KEEP_NOTHING);
    expect(sorted(plan.incidentIds)).toEqual(['T']);
    expect(sorted(plan.actionIds)).toEqual(['a-on-G', 'a-on-T']);
    expect(plan.heldIncidents.size + plan.heldActions.size).toBe(0);
  });

  it('keeps a training incident whose action is kept, but not its other training actions', () => {
    const graph: TrainingGraph = {
      incidents: [{ id: 'T', mergedIntoId: null }],
      mergedIntoFlagged: [],
      actions: [
        { id: 'kept', incidentId: 'T', mergedFromIncidentId: null, training: true },
        { id: 'other', incidentId: 'T', mergedFromIncidentId: null, training: true },
      ],
    };
    const plan = planPurge(graph, keep([], ['kept']));
    expect(plan.incidentIds.size).toBe(0);
    expect(plan.heldIncidents.get('T')).toBe('genuine_action');
    expect(sorted(plan.actionIds)).toEqual(['other']);
  });

  it('follows merges both ways: a genuine incident merged into training keeps its target, a merged training one goes with its action', () => {
    const graph: TrainingGraph = {
      // M (training) was merged into G (genuine): M's row and the action carrying its text.
      // X (training) holds the genuine incident R merged into it, itself merged into Y (training).
      incidents: [
        { id: 'M', mergedIntoId: 'G' },
        { id: 'X', mergedIntoId: 'Y' },
        { id: 'Y', mergedIntoId: null },
      ],
      mergedIntoFlagged: [{ id: 'R', mergedIntoId: 'X' }],
      actions: [
        { id: 'from-M', incidentId: 'G', mergedFromIncidentId: 'M', training: true },
        { id: 'from-R', incidentId: 'Y', mergedFromIncidentId: 'R', training: false },
        { id: 'from-X', incidentId: 'Y', mergedFromIncidentId: 'X', training: true },
      ],
    };
    const plan = planPurge(graph, KEEP_NOTHING);
    expect(sorted(plan.incidentIds)).toEqual(['M']);
    expect(sorted(plan.actionIds)).toEqual(['from-M']);
    // R points at X, X at Y; X's text (the action from-X) stays with X.
    expect(sorted(new Set(plan.heldIncidents.keys()))).toEqual(['X', 'Y']);
    expect(plan.heldActions.get('from-X')).toBe('genuine_merged');
  });
});

describe('planMonitoring', () => {
  const tz = 'Europe/London';
  const period = (over: Partial<Parameters<typeof planMonitoring>[1][number]> = {}) => ({
    id: 'P',
    studentId: 'S',
    categoryId: 'C',
    startedOn: '2026-03-02',
    endedOn: null,
    createdAt: new Date('2026-03-02T10:00:00Z'),
    startedByIncidentId: 'T',
    ...over,
  });
  const plan = { incidentIds: new Set(['T']), actionIds: new Set(['ta']) };

  it('removes what only a removed incident started', () => {
    expect(planMonitoring(plan, [period()], [], [], tz)).toEqual({ deleteIds: ['P'], reattribute: [] });
  });

  it('keeps a period a genuine record relied on, from that record’s day', () => {
    const relied = {
      incidentId: 'G',
      actionId: null,
      studentId: 'S',
      categoryId: 'C',
      at: new Date('2026-03-04T09:00:00Z'),
      occurredAt: new Date('2026-03-03T23:30:00Z'),
    };
    const before = { ...relied, incidentId: 'OLD', at: new Date('2026-03-01T09:00:00Z') };
    expect(planMonitoring(plan, [period()], [], [before, relied], tz)).toEqual({
      deleteIds: [],
      reattribute: [{ id: 'P', incidentId: 'G', startedOn: '2026-03-03' }],
    });
    // A record saved after the period had ended started its own.
    expect(planMonitoring(plan, [period({ endedOn: '2026-03-03' })], [], [relied], tz).deleteIds).toEqual(['P']);
  });

  it('treats a genuine incident’s period as training when only a removed action brought the category', () => {
    const fromAction = period({ startedByIncidentId: 'G' });
    expect(
      planMonitoring(plan, [fromAction], [{ incidentId: 'G', categoryId: 'C', actionId: 'ta' }], [], tz).deleteIds,
    ).toEqual(['P']);
    // With the category of its own as well, the genuine incident started it.
    const own = [
      { incidentId: 'G', categoryId: 'C', actionId: 'ta' },
      { incidentId: 'G', categoryId: 'C', actionId: null },
    ];
    expect(planMonitoring(plan, [fromAction], own, [], tz)).toEqual({ deleteIds: [], reattribute: [] });
  });
});
