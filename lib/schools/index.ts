/**
 * lib/schools — schools themselves: finding one by its address or name
 * (queries.ts, public: the root domain's finder lists them), creating one with
 * its default groups and categories (service.ts, a platform operation). The
 * School a request
 * carries, with its settings, is lib/tenancy's; the settings document is
 * lib/settings'.
 */
import 'server-only';

export { findSchoolBySlug, searchSchools } from './queries';
