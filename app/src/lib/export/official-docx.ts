import type { RichBlock } from '$lib/editor/rich-blocks.ts';

/** The blocks of a document in the official look (a plan, a monthly report, the binder). */
export type OfficialBlock =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'rich'; blocks: RichBlock[] }
  /** `small`: 五号 type, for a wide table (the ledger's twelve columns). */
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][]; small?: boolean }
  | { kind: 'signatures'; lines: string[] }
  /** A heading the table of contents lists (level 1 一、…, level 2 （一）…), found by `id`. */
  | { kind: 'section'; id: string; level: 1 | 2; text: string }
  | { kind: 'toc'; title: string; entries: readonly OfficialTocEntry[] };

export interface OfficialTocEntry {
  /** The `id` of the section heading it leads to. */
  id: string;
  level: 1 | 2;
  text: string;
}

/** A part of a longer document (the binder): each starts on a new page, a wide one turned. */
export interface OfficialPart {
  blocks: readonly OfficialBlock[];
  landscape?: boolean;
}

/**
 * A Word bookmark name for a section id (a letter first, then letters, digits and `_`, at most
 * 40 characters: Word drops a bookmark named otherwise, and the contents would lead nowhere).
 */
export function officialAnchor(id: string): string {
  return `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 40);
}

/**
 * Writes official blocks (a plan's `planDocument`, a monthly report) to a Word file that looks
 * like an official document (GB/T 9704 habits): A4, 37/35/28/26 mm margins, title in 小标宋 二号, headings in 黑体
 * 三号, body in 仿宋 三号 with a two-character first-line indent and a fixed 28 pt line, and a
 * centred page number. `docx` is imported here on demand (its chunk is precached by the service
 * worker, so export works offline). Fonts are named for Chinese Windows and WPS; Word substitutes
 * the nearest installed font where one is missing.
 */
const FONT = {
  title: '方正小标宋简体',
  subtitle: '楷体',
  heading: '黑体',
  body: '仿宋',
  latin: 'Times New Roman',
} as const;

/** Half-points, as Word counts them: 二号 22 pt, 三号 16 pt, 小四 12 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, table: 24, small: 21, footer: 28 } as const;

export async function officialDocxBlob(blocks: readonly OfficialBlock[]): Promise<Blob> {
  return officialDocxParts([{ blocks }]);
}

/**
 * Writes a document of several parts (the binder: cover and contents, the ledger turned to
 * landscape, each record, each plan), each part starting on a new page, the page numbers running
 * on through all of them. Section headings get Word's heading styles and a bookmark, so the
 * contents (a TOC field, filled in with the headings already and updated by Word on opening
 * with the page numbers) lead to them.
 */
export async function officialDocxParts(parts: readonly OfficialPart[]): Promise<Blob> {
  const docx = await import('docx');
  const {
    AlignmentType,
    Bookmark,
    BookmarkEnd,
    BookmarkStart,
    BorderStyle,
    Document,
    Footer,
    HeadingLevel,
    LineRuleType,
    Packer,
    PageNumber,
    PageOrientation,
    Paragraph,
    SectionType,
    Table,
    TableCell,
    TableOfContents,
    TableRow,
    TextRun,
    VerticalAlign,
    WidthType,
    convertMillimetersToTwip: mm,
  } = docx;

  const font = (eastAsia: string) => ({
    ascii: FONT.latin,
    hAnsi: FONT.latin,
    eastAsia,
    cs: FONT.latin,
  });
  // 28 pt exact: 22 lines a page, as in printed official documents.
  const bodySpacing = { line: 560, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

  const richParagraphs = (rich: readonly RichBlock[]) =>
    rich.map((block) => {
      const prefix =
        block.kind === 'item' ? (block.number !== null ? `${block.number}. ` : '• ') : '';
      const runs = block.runs.flatMap((run, i) =>
        run.text.split('\n').map(
          (part, j) =>
            new TextRun({
              text: (i === 0 && j === 0 ? prefix : '') + part,
              bold: run.bold || block.kind === 'heading',
              italics: run.italic,
              break: j > 0 ? 1 : undefined,
              font: font(block.kind === 'heading' ? FONT.heading : FONT.body),
              size: SIZE.body,
            }),
        ),
      );
      return new Paragraph({
        children: runs.length > 0 ? runs : [new TextRun({ text: '', size: SIZE.body })],
        spacing: bodySpacing,
        indent:
          block.kind === 'item'
            ? { left: 640 * block.level, hanging: 320 }
            : block.kind === 'quote'
              ? { left: 640, firstLine: 640 }
              : { firstLine: 640 },
      });
    });

  const cell = (text: string, width: number, header: boolean, size: number) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
      children: text.split('\n').map(
        (line) =>
          new Paragraph({
            alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
            children: [
              new TextRun({
                text: line,
                bold: header,
                font: font(header ? FONT.heading : FONT.body),
                size,
              }),
            ],
          }),
      ),
    });

  // docx 9.7 numbers every bookmark 1 (dolanmiu/docx#3478), which Word may resolve to the wrong
  // heading: each gets its own number here.
  let bookmarks = 0;
  const bookmark = (id: string, text: string) => {
    bookmarks += 1;
    return Object.assign(new Bookmark({ id, children: [new TextRun({ text })] }), {
      start: new BookmarkStart(id, bookmarks),
      end: new BookmarkEnd(bookmarks),
    });
  };
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  type Child =
    | InstanceType<typeof Paragraph>
    | InstanceType<typeof Table>
    | InstanceType<typeof TableOfContents>;
  const pushBlock = (children: Child[], block: OfficialBlock) => {
    switch (block.kind) {
      case 'title':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { before: 0, after: 240, line: 700, lineRule: LineRuleType.EXACT },
            children: [new TextRun({ text: block.text, font: font(FONT.title), size: SIZE.title })],
          }),
        );
        break;
      case 'subtitle':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { ...bodySpacing, after: 280 },
            children: [
              new TextRun({ text: block.text, font: font(FONT.subtitle), size: SIZE.body }),
            ],
          }),
        );
        break;
      case 'heading':
        children.push(
          new Paragraph({
            spacing: bodySpacing,
            indent: { firstLine: 640 },
            keepNext: true,
            children: [
              new TextRun({ text: block.text, font: font(FONT.heading), size: SIZE.body }),
            ],
          }),
        );
        break;
      case 'text':
        children.push(
          new Paragraph({
            spacing: bodySpacing,
            indent: { firstLine: 640 },
            children: [new TextRun({ text: block.text, font: font(FONT.body), size: SIZE.body })],
          }),
        );
        break;
      case 'rich':
        children.push(...richParagraphs(block.blocks));
        break;
      case 'table':
        children.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            borders: {
              top: border,
              bottom: border,
              left: border,
              right: border,
              insideHorizontal: border,
              insideVertical: border,
            },
            rows: [
              new TableRow({
                tableHeader: true,
                children: block.columns.map((c, i) =>
                  cell(c, block.widths[i] ?? 10, true, block.small ? SIZE.small : SIZE.table),
                ),
              }),
              ...block.rows.map(
                (row) =>
                  new TableRow({
                    cantSplit: true,
                    children: row.map((c, i) =>
                      cell(c, block.widths[i] ?? 10, false, block.small ? SIZE.small : SIZE.table),
                    ),
                  }),
              ),
            ],
          }),
          new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
        );
        break;
      case 'signatures':
        children.push(
          new Paragraph({ spacing: bodySpacing, children: [] }),
          ...block.lines.map(
            (line) =>
              new Paragraph({
                spacing: { ...bodySpacing, before: 240 },
                indent: { left: mm(80) },
                children: [new TextRun({ text: line, font: font(FONT.body), size: SIZE.body })],
              }),
          ),
        );
        break;
      case 'section':
        children.push(
          new Paragraph({
            heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
            keepNext: true,
            children: [bookmark(officialAnchor(block.id), block.text)],
          }),
        );
        break;
      case 'toc':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { ...bodySpacing, before: 280, after: 280 },
            children: [
              new TextRun({ text: block.title, font: font(FONT.heading), size: SIZE.body }),
            ],
          }),
          new TableOfContents(block.title, {
            hyperlink: true,
            headingStyleRange: '1-2',
            cachedEntries: block.entries.map((entry) => ({
              title: entry.text,
              level: entry.level,
              href: officialAnchor(entry.id),
            })),
          }),
        );
        break;
    }
  };
  const partChildren = (blocks: readonly OfficialBlock[]): Child[] => {
    const children: Child[] = [];
    for (const block of blocks) pushBlock(children, block);
    return children;
  };

  // 一级标题 黑体, 二级标题 楷体 (GB/T 9704), both 三号 on the body's line; the contents in 仿宋.
  const headingStyle = (eastAsia: string) => ({
    run: { font: font(eastAsia), size: SIZE.body, color: '000000', bold: false },
    paragraph: { spacing: { ...bodySpacing, before: 280 }, indent: { firstLine: 640 } },
  });
  const tocStyle = (id: string, name: string, left: number) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    run: { font: font(FONT.body), size: SIZE.body },
    paragraph: { spacing: bodySpacing, indent: { left } },
  });
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [
            new TextRun({
              children: ['— ', PageNumber.CURRENT, ' —'],
              font: font('宋体'),
              size: SIZE.footer,
            }),
          ],
        }),
      ],
    });
  const portrait = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20) };
  const landscape = { top: mm(28), bottom: mm(26), left: mm(37), right: mm(35), footer: mm(15) };
  const hasToc = parts.some((part) => part.blocks.some((block) => block.kind === 'toc'));

  const document = new Document({
    creator: 'Branchbook',
    title: parts.flatMap((part) => part.blocks).find((block) => block.kind === 'title')?.text ?? '',
    // Word fills in the contents' page numbers when it opens the file.
    ...(hasToc ? { features: { updateFields: true } } : {}),
    styles: {
      default: {
        document: { run: { font: font(FONT.body), size: SIZE.body } },
        heading1: headingStyle(FONT.heading),
        heading2: headingStyle(FONT.subtitle),
      },
      paragraphStyles: [tocStyle('TOC1', 'toc 1', 0), tocStyle('TOC2', 'toc 2', 640)],
    },
    sections: parts.map((part) => ({
      properties: {
        type: SectionType.NEXT_PAGE,
        page: {
          size: {
            width: mm(210),
            height: mm(297),
            orientation: part.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
          },
          margin: part.landscape ? landscape : portrait,
        },
      },
      footers: { default: footer() },
      children: partChildren(part.blocks),
    })),
  });
  return Packer.toBlob(document);
}

/** Hands a file to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
