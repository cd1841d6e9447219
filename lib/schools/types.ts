export interface SchoolListing {
  slug: string;
  name: string;
  trustName: string | null;
}
