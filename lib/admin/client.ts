/** What administration's client components need: the labels of permissions and category rights, and the permission names. Pure. */
export { CATEGORY_RIGHTS, CATEGORY_RIGHT_LABELS, SYSTEM_PERMISSION_LABELS } from './labels';
export { SYSTEM_PERMISSIONS, type SystemPermission } from '@/lib/tenancy/permissions';
export type { FormBuilderCategory, FormBuilderRow } from './form-builder-queries';
