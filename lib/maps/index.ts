/**
 * lib/maps — the maps markers are placed on: the two built-in body maps and a
 * school's own uploaded pictures (PNG or JPEG, checked by their content,
 * encrypted in blob storage). Reads for pages and the image route, and the
 * rule that new markers go only on this school's enabled maps. Administration
 * (upload, disable, enable) is lib/admin's. Client components take the
 * built-in maps and the MapChoice shape from ./client.ts.
 */
import 'server-only';

export { BUILT_IN_CHOICES, BUILT_IN_MAPS, isBuiltInMapId, mapImagePath, type MapChoice } from './builtin';
export { checkMapImage, MAX_MAP_BYTES, TOO_BIG, type ImageCheck, type MapImageType } from './content';
export { assertMarkerMaps, mapCatalogue, MAP_NOT_OFFERED } from './queries';
export { listSchoolMaps, readMapImage } from './read';
export { discardMapImage, storeMapImage } from './image-store';
