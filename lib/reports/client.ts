/** What Reporting's client components need: the PDF password's rule (shared with the download route) and the Save form's choices and limits. Pure. */
export { PDF_PASSWORD_MAX, PDF_PASSWORD_MIN, pdfPassword } from './pdf-password';
export { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_LABELS, TITLE_MAX, type ExpiryChoice } from './saved-input';
