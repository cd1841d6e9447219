/**
 * runFormAction reads one value per field name, but a set of checkboxes (or
 * of chosen people) sends one entry per ticked box under the same name. This
 * joins each named field's entries into one comma-separated value first, the
 * shape the zod inputs parse.
 */
export function joinRepeated(formData: FormData, names: readonly string[]): FormData {
  const out = new FormData();
  for (const [key, value] of formData.entries()) if (!names.includes(key)) out.append(key, value);
  for (const name of names) {
    const values = formData.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
    if (values.length > 0) out.set(name, values.join(','));
  }
  return out;
}
