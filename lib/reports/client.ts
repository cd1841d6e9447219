/** What Reporting's client components need: the PDF password's rule, shared with the download route. Pure. */
export { PDF_PASSWORD_MAX, PDF_PASSWORD_MIN, pdfPassword } from './pdf-password';
