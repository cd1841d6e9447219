/** What client components need from lib/students: the one name formatter and the group label. Pure. */
export {
  DEFAULT_NAME_STYLE,
  formatPupilName,
  otherName,
  pupilInitials,
  type NameStyle,
  type PupilNames,
} from './names';
export { groupLabel } from './group-label';
