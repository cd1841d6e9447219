/**
 * Text written into a spreadsheet a school will open (CSV downloads, Excel
 * reports): a cell that starts with = + - @ (or a tab or carriage return,
 * which some spreadsheets skip before reading a formula) is prefixed with an
 * apostrophe, so a category, pupil or error text can never run as a formula
 * (CSV injection). The one rule for every export.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
