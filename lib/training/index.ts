/**
 * lib/training — training mode: a school setting under which every incident
 * and action recorded is flagged as training, so staff can practise on the
 * real system. Administrators using their key switch it on, keep flagged
 * records as genuine, and switch it off, which removes the records still
 * flagged: the only hard delete in Haven (purge.ts, on the named privileged
 * path, planned in full first by plan.ts). Routes import from here only.
 */
import 'server-only';

export {
  listTrainingRecords,
  trainingBanner,
  TRAINING_LIST_LIMIT,
  type TrainingBanner,
  type TrainingOverview,
  type TrainingRecordItem,
} from './queries';
export { enableTrainingMode, keepTrainingRecords } from './service';
export { disableTrainingMode, LIST_CHANGED, type TrainingPurgeResult } from './purge';
export { trainingFormInput } from './schema';
