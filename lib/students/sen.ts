/**
 * The words for the DfE's SEN codes the MIS sends (students.sen_status): the
 * profile's Information and the Reporting area say the same thing.
 *
 * Pure module.
 */
export const SEN_LABELS = {
  N: 'No special educational needs',
  K: 'SEN support',
  E: 'Education, health and care plan',
} as const;

/** The DfE's order, least support first. */
export const SEN_CODES = ['N', 'K', 'E'] as const;
