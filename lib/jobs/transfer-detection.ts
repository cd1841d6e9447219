/**
 * transfer-detection: finds pupils who left one school of the deployment and
 * joined another with the same UPN, across every school in one query
 * (lib/transfers/detection.ts), and tells the receiving schools' administrators.
 * Idempotent: a second run finds nothing new.
 */
import 'server-only';
import { detectTransfers } from '@/lib/transfers';
import type { JobDefinition } from './types';

export const transferDetection: JobDefinition = {
  name: 'transfer-detection',
  description: 'Detect pupils who moved between schools of the deployment (same UPN) and notify the new school.',
  async run({ now }) {
    const { detected, notified } = await detectTransfers(now);
    return { detected, notified };
  },
};
