import type { SchoolSettings } from './settings';

/** A school as pages and services see it. */
export interface School {
  id: string;
  slug: string;
  name: string;
  trustName: string | null;
  timeZone: string;
  settings: SchoolSettings;
}

export interface SchoolListing {
  slug: string;
  name: string;
  trustName: string | null;
}
