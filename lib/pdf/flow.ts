/**
 * A printed document that flows from page to page: A4, the same header on
 * every page (an optional logo, a title, a notice and a badge), then headings,
 * wrapped text and label/value rows placed line by line, so any amount of
 * text runs onto as many pages as it needs. The footer ("Page x of y") is
 * drawn once every page exists. Fonts are embedded and subset (fonts.ts).
 */
import 'server-only';
import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from '@cantoo/pdf-lib';
import { storedImageType } from '@/lib/files/image-content';
import { fontFiles } from './fonts';
import { encodeWordByWord } from './word-encoding';
import { wrapText } from './wrap';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_TOP = PAGE.height - 96;
const CONTENT_BOTTOM = 60;
const LOGO_BOX = { width: 110, height: 36 };
const LABEL_COLUMN = 118;

export const INK = rgb(0.07, 0.09, 0.15);
export const MUTED = rgb(0.28, 0.33, 0.41);
const RULE = rgb(0.8, 0.83, 0.87);
const BADGE = rgb(0.62, 0.07, 0.07);

export interface FlowSetup {
  /** The file's title property. Keep it neutral: it shows in file lists and viewers. */
  title: string;
  header: {
    title: string;
    notice: string;
    /** Short, bold, at the top right of every page (e.g. CONFIDENTIAL). */
    badge: string;
    /**
     * The school's logo (PNG or JPEG bytes, lib/files loadSchoolLogo), drawn at
     * the top left; null when the school has none. Required, so no document can
     * forget it.
     */
    logo: Uint8Array | null;
  };
  /** The footer's left-hand text on every page. */
  footer: string;
}

/** Where a drawing goes (see `PdfFlow.drawing`): its page, its top left corner and the embedded fonts. */
export interface FlowCanvas {
  page: PDFPage;
  x: number;
  top: number;
  regular: PDFFont;
  bold: PDFFont;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  colour?: RGB;
  indent?: number;
  /** Space after the block, in points. */
  after?: number;
}

async function embedImage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  const kind = storedImageType(bytes);
  if (!kind) throw new Error('A logo must be a PNG or JPEG image.');
  return kind === 'image/png' ? doc.embedPng(bytes) : doc.embedJpg(bytes);
}

/**
 * True when the image can be drawn in a PDF header: the logo is checked with
 * this before it is stored, so a file that parses but does not decode cannot
 * make every printed document fail.
 */
export async function drawableInPdf(bytes: Uint8Array): Promise<boolean> {
  try {
    const doc = await PDFDocument.create();
    const image = await embedImage(doc, bytes);
    doc.addPage([100, 100]).drawImage(image, { x: 0, y: 0, width: 10, height: 10 });
    await doc.save();
    return true;
  } catch {
    return false;
  }
}

const lineHeight = (size: number) => size * 1.4;

export class PdfFlow {
  private page!: PDFPage;
  private y = CONTENT_TOP;
  private readonly widths = new Map<string, number>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly logo: PDFImage | null,
    private readonly setup: FlowSetup,
  ) {
    this.newPage();
  }

  static async create(setup: FlowSetup): Promise<PdfFlow> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const files = await fontFiles();
    const regular = encodeWordByWord(await doc.embedFont(files.regular, { subset: true }));
    const bold = encodeWordByWord(await doc.embedFont(files.bold, { subset: true }));
    let logo: PDFImage | null = null;
    if (setup.header.logo) logo = await embedImage(doc, setup.header.logo);
    return new PdfFlow(doc, regular, bold, logo, setup);
  }

  /** Lines of text of this size that fill one page: where `text` turns the page. */
  static linesPerPage(size = 10): number {
    return Math.floor((CONTENT_TOP - CONTENT_BOTTOM) / lineHeight(size));
  }

  /** The tallest drawing a page can hold. */
  static get pageContentHeight(): number {
    return CONTENT_TOP - CONTENT_BOTTOM;
  }

  /** Width of text in the embedded regular or bold font. */
  measure(text: string, size: number, bold = false): number {
    return this.measurer(this.font(bold), size)(text);
  }

  /**
   * A drawing of `height` points at the full content width (a chart's block):
   * kept whole on this page, or on a new one when it does not fit.
   */
  drawing(height: number, draw: (canvas: FlowCanvas) => void): void {
    this.ensure(height);
    draw({ page: this.page, x: MARGIN, top: this.y, regular: this.regular, bold: this.bold });
    this.y -= height;
  }

  /** Width available to text on a page. */
  get contentWidth(): number {
    return PAGE.width - 2 * MARGIN;
  }

  /** Pages so far. */
  get pageCount(): number {
    return this.doc.getPageCount();
  }

  private font(bold: boolean | undefined): PDFFont {
    return bold ? this.bold : this.regular;
  }

  /** Width of a word, measured once per font and size (a long text repeats its words). */
  private measurer(font: PDFFont, size: number) {
    const prefix = `${font === this.bold ? 'b' : 'r'}${size}:`;
    return (text: string) => {
      const key = prefix + text;
      let w = this.widths.get(key);
      if (w === undefined) {
        w = font.widthOfTextAtSize(text, size);
        this.widths.set(key, w);
      }
      return w;
    };
  }

  /** One line cut to `width`, with an ellipsis when it had to be cut. */
  private fitted(text: string, font: PDFFont, size: number, width: number): string {
    const line = text.replace(/\s+/g, ' ').trim();
    if (font.widthOfTextAtSize(line, size) <= width) return line;
    const chars = [...line];
    while (chars.length > 0 && font.widthOfTextAtSize(`${chars.join('')}…`, size) > width) chars.pop();
    return `${chars.join('')}…`;
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = CONTENT_TOP;
    const { header } = this.setup;
    const top = PAGE.height - 36;
    let x = MARGIN;
    if (this.logo) {
      const size = this.logo.scaleToFit(LOGO_BOX.width, LOGO_BOX.height);
      this.page.drawImage(this.logo, { x, y: top - size.height + 6, width: size.width, height: size.height });
      x += size.width + 12;
    }
    const badgeWidth = this.bold.widthOfTextAtSize(header.badge, 10);
    const textWidth = PAGE.width - MARGIN - badgeWidth - 16 - x;
    this.page.drawText(this.fitted(header.title, this.bold, 12, textWidth), {
      x,
      y: top - 8,
      size: 12,
      font: this.bold,
      color: INK,
    });
    this.page.drawText(this.fitted(header.notice, this.regular, 8.5, PAGE.width - MARGIN - x), {
      x,
      y: top - 22,
      size: 8.5,
      font: this.regular,
      color: MUTED,
    });
    this.page.drawText(header.badge, {
      x: PAGE.width - MARGIN - badgeWidth,
      y: top - 8,
      size: 10,
      font: this.bold,
      color: BADGE,
    });
    this.page.drawLine({
      start: { x: MARGIN, y: PAGE.height - 78 },
      end: { x: PAGE.width - MARGIN, y: PAGE.height - 78 },
      thickness: 0.75,
      color: RULE,
    });
  }

  /** Room for `height` points on this page, or a new page. */
  private ensure(height: number): void {
    if (this.y - height < CONTENT_BOTTOM) this.newPage();
  }

  /** A line at the top of the free space; `baseline` lines up text of different sizes on one row. */
  private line(text: string, x: number, size: number, font: PDFFont, colour: RGB, baseline = size): void {
    if (text.trim() !== '') this.page.drawText(text, { x, y: this.y - baseline, size, font, color: colour });
  }

  /** Space before the next line; a page is added only when something is drawn. */
  space(points: number): void {
    this.y -= points;
  }

  /** Text exactly as typed: its line breaks kept, wrapped to the page, across pages. */
  text(text: string, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.font(style.bold);
    const indent = style.indent ?? 0;
    const lh = lineHeight(size);
    for (const l of wrapText(text, this.contentWidth - indent, this.measurer(font, size))) {
      this.ensure(lh);
      this.line(l, MARGIN + indent, size, font, style.colour ?? INK);
      this.y -= lh;
    }
    if (style.after) this.space(style.after);
  }

  /** A heading kept on the same page as the first lines that follow it. */
  heading(text: string, style: TextStyle & { before?: number } = {}): void {
    const size = style.size ?? 13;
    if (this.y < CONTENT_TOP) this.y -= style.before ?? 10;
    this.ensure(lineHeight(size) + 3 * lineHeight(10));
    this.text(text, { bold: true, ...style, size, after: style.after ?? 2 });
  }

  /** Label/value rows: labels in a narrow column, values wrapped beside them, line by line across pages. */
  fields(
    rows: readonly (readonly [label: string, value: string])[],
    style: { indent?: number; after?: number } = {},
  ): void {
    const size = 10;
    const labelSize = 9;
    const lh = lineHeight(size);
    const indent = style.indent ?? 0;
    const valueWidth = this.contentWidth - indent - LABEL_COLUMN;
    for (const [label, value] of rows) {
      const labels = wrapText(label, LABEL_COLUMN - 8, this.measurer(this.bold, labelSize));
      const values = wrapText(value, valueWidth, this.measurer(this.regular, size));
      for (let i = 0; i < Math.max(labels.length, values.length); i++) {
        this.ensure(lh);
        this.line(labels[i] ?? '', MARGIN + indent, labelSize, this.bold, MUTED, size);
        this.line(values[i] ?? '', MARGIN + indent + LABEL_COLUMN, size, this.regular, INK);
        this.y -= lh;
      }
      this.y -= 2;
    }
    if (style.after) this.space(style.after);
  }

  /**
   * One row of a table: a cell per column at the given widths, numbers
   * usually set right. A cell wraps onto at most `lines` lines (1 unless
   * asked, e.g. 2 for a header of month names) and is cut with an ellipsis
   * beyond. `repeat` is drawn first whenever the row has to start a new page,
   * so a long table keeps its header on every page.
   */
  tableRow(
    cells: readonly string[],
    widths: readonly number[],
    style: {
      bold?: boolean;
      align?: readonly ('left' | 'right')[];
      repeat?: () => void;
      ruleBelow?: boolean;
      lines?: number;
    } = {},
  ): void {
    const size = 9;
    const lh = lineHeight(size);
    const font = this.font(style.bold);
    const max = Math.max(1, style.lines ?? 1);
    const laid = cells.map((text, i) => {
      const width = (widths[i] ?? 0) - 6;
      const wrapped = max === 1 ? [text] : wrapText(text, width, this.measurer(font, size));
      const kept = wrapped.slice(0, max);
      if (wrapped.length > max) kept[max - 1] = wrapped.slice(max - 1).join(' ');
      return kept.map((line) => this.fitted(line, font, size, width));
    });
    const height = lh * Math.max(1, ...laid.map((l) => l.length));
    if (this.y - height < CONTENT_BOTTOM) {
      this.newPage();
      style.repeat?.();
    }
    let x = MARGIN;
    laid.forEach((lines, i) => {
      const width = widths[i] ?? 0;
      const right = style.align?.[i] === 'right';
      lines.forEach((shown, k) => {
        const at = right ? x + width - 4 - font.widthOfTextAtSize(shown, size) : x;
        this.page.drawText(shown, { x: at, y: this.y - size - k * lh, size, font, color: INK });
      });
      x += width;
    });
    this.y -= height;
    if (style.ruleBelow) {
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 3 },
        end: { x: MARGIN + widths.reduce((a, b) => a + b, 0), y: this.y + 3 },
        thickness: 0.5,
        color: RULE,
      });
    }
  }

  /** A thin line across the page. */
  rule(after = 8): void {
    this.ensure(after + 2);
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: PAGE.width - MARGIN, y: this.y },
      thickness: 0.5,
      color: RULE,
    });
    this.y -= after;
  }

  /** The finished file: footers on every page ("Page x of y"), neutral properties. */
  async save(): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    const size = 8.5;
    pages.forEach((page, i) => {
      const right = `Page ${i + 1} of ${pages.length}`;
      const rightWidth = this.regular.widthOfTextAtSize(right, size);
      page.drawLine({
        start: { x: MARGIN, y: 44 },
        end: { x: PAGE.width - MARGIN, y: 44 },
        thickness: 0.5,
        color: RULE,
      });
      page.drawText(this.fitted(this.setup.footer, this.regular, size, this.contentWidth - rightWidth - 16), {
        x: MARGIN,
        y: 30,
        size,
        font: this.regular,
        color: MUTED,
      });
      page.drawText(right, { x: PAGE.width - MARGIN - rightWidth, y: 30, size, font: this.regular, color: MUTED });
    });
    this.doc.setTitle(this.setup.title);
    this.doc.setCreator('Haven');
    this.doc.setProducer('Haven');
    return this.doc.save();
  }
}
