// Every table of Haven, one file per area. drizzle-kit reads this file.
export * from './_tenancy';
export * from './schools';
export * from './users';
export * from './audit';
export * from './outbox';
export * from './jobs';
export * from './auth';
export * from './access';
export * from './alerts';
export * from './students';
export * from './mis';
export * from './incidents';
export * from './submissions';
export * from './security';
export * from './maps';
export * from './files';
export * from './calendar';
