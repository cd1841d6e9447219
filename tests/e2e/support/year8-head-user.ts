/** The head of Year 8 that year8-head.ts adds to the demo school, for the specs that sign in as them. */
export const YEAR8_HEAD = {
  email: 'head.year8@demo.haven.test',
  displayName: 'Hana Yusuf',
  totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
};
