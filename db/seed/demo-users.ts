/**
 * The demo's people, one per role, printed by `npm run demo`. The secrets are
 * public on purpose: this is a demonstration on the user's own machine. The
 * TOTP secrets go into an authenticator app (or `oathtool --totp -b SECRET`).
 */
export const DEMO_PASSWORD = 'correct horse battery staple';

export interface DemoUser {
  email: string;
  displayName: string;
  /** school slug → user group name */
  memberships: Record<string, string>;
  misStaffId?: Record<string, string>;
  totpSecret?: string;
  role: string;
  /** An operator of the deployment (the platform console at /console), in no school. */
  operator?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'dsl@demo.haven.test',
    displayName: 'David Okafor',
    memberships: { demo: 'DSL' },
    misStaffId: { demo: 'T002' },
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    role: 'Designated safeguarding lead and administrator (key holder)',
  },
  {
    email: 'teacher@demo.haven.test',
    displayName: 'Tom Hughes',
    memberships: { demo: 'Teachers' },
    misStaffId: { demo: 'T005' },
    role: 'Teacher (records concerns, no key)',
  },
  {
    email: 'hoy@demo.haven.test',
    displayName: 'Ben Price',
    memberships: { demo: 'Pastoral' },
    misStaffId: { demo: 'T004' },
    role: 'Head of Year 8 (key holder once they add a key)',
  },
  {
    email: 'tutor7a@demo.haven.test',
    displayName: 'Amy Fletcher',
    memberships: { demo: 'Pastoral' },
    totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    role: 'Form tutor of 7A (key holder; sees only 7A once class restrictions are on)',
  },
  {
    email: 'deputy.dsl@demo.haven.test',
    displayName: 'Grace Mensah',
    memberships: { demo: 'DSL' },
    totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
    role: 'Deputy safeguarding lead (key holder; builds the pupil reports)',
  },
  {
    email: 'dsl@northfield.haven.test',
    displayName: 'Imran Shah',
    memberships: { northfield: 'DSL' },
    misStaffId: { northfield: 'T002' },
    totpSecret: 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU',
    role: 'Northfield DSL (key holder)',
  },
  {
    email: 'pastoral@northfield.haven.test',
    displayName: 'Hannah Lees',
    memberships: { northfield: 'Pastoral' },
    totpSecret: 'NRSWC43FONSXGIDOMFWWKIDPNZSSAYLO',
    role: 'Northfield pastoral lead (key holder; sees transferred records only once granted)',
  },
  {
    email: 'trust.safeguarding@haven.test',
    displayName: 'Priya Raman',
    memberships: { demo: 'DSL', northfield: 'DSL' },
    totpSecret: 'ORUGK3TJNZTSA33GEBZWC3LFEBTWC4TE',
    role: 'Trust safeguarding lead in both schools (SSO, key holder)',
  },
  {
    email: 'operator@haven.test',
    displayName: 'Olivia Grant',
    memberships: {},
    totpSecret: 'NBSWY3DPFQQHO33SNRSCC3DPNBSWY3DP',
    role: 'Operator of this Haven deployment (the console at /console, with the key); in no school',
    operator: true,
  },
];
