import type { RichBlock } from '$lib/editor/rich-blocks.ts';

/** The blocks of a document in the official look (a plan, a monthly report, the binder). */
export type OfficialBlock =
  | { kind: 'title'; text: string }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'rich'; blocks: RichBlock[] }
  | { kind: 'table'; columns: string[]; widths: number[]; rows: string[][] }
  | { kind: 'signatures'; lines: string[] };

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

/** Half-points, as Word counts them: 二号 22 pt, 三号 16 pt, 小四 12 pt. */
const SIZE = { title: 44, body: 32, table: 24, footer: 28 } as const;

export async function officialDocxBlob(blocks: readonly OfficialBlock[]): Promise<Blob> {
  const docx = await import('docx');
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    LineRuleType,
    Packer,
    PageNumber,
    Paragraph,
    Table,
    TableCell,
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

  const cell = (text: string, width: number, header: boolean) =>
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
                size: SIZE.table,
              }),
            ],
          }),
      ),
    });

  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [];
  for (const block of blocks) {
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
                children: block.columns.map((c, i) => cell(c, block.widths[i] ?? 10, true)),
              }),
              ...block.rows.map(
                (row) =>
                  new TableRow({
                    cantSplit: true,
                    children: row.map((c, i) => cell(c, block.widths[i] ?? 10, false)),
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
    }
  }

  const document = new Document({
    creator: 'Branchbook',
    title: blocks.find((b) => b.kind === 'title')?.text ?? '',
    styles: {
      default: {
        document: { run: { font: font(FONT.body), size: SIZE.body } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20) },
          },
        },
        footers: {
          default: new Footer({
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
          }),
        },
        children,
      },
    ],
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
