/**
 * lib/files — files a school uploads for itself (the logo; maps and the
 * library later): what an image is by its content (image-content.ts, for logos and maps), the logo's
 * limits (logo-rules.ts), and storing them encrypted (school-files.ts); and the
 * one guard for text written into spreadsheets (spreadsheet-cell.ts).
 */
import 'server-only';

export { readImage, storedImageType, type ImageRead, type ImageType } from './image-content';
export { checkLogo, LOGO_MAX_BYTES, LOGO_MAX_SIDE, type LogoCheck } from './logo-rules';
export { spreadsheetText } from './spreadsheet-cell';
export { loadSchoolLogo, schoolLogoId, type SchoolLogo } from './school-files';
