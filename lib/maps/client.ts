/** What client components of the maps area may import: pure, no database. */
export { BUILT_IN_CHOICES, BUILT_IN_MAPS, isBuiltInMapId, mapImagePath, type MapChoice } from './builtin';
