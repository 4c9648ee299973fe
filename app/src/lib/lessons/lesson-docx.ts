import type { DocxParagraph } from './lesson-docx-model.ts';

/**
 * Writes a lesson draft as a Word file in the look of an official document: A4 with the usual
 * margins, body in 仿宋 三号 (16 pt) with a two-character first-line indent and a fixed 28 pt line,
 * title in 宋体 二号 bold, headings as Word's own Heading 1–3 styles (黑体 / 楷体 / 仿宋 bold, so
 * Word's navigation pane and table of contents see them), quotations in 楷体, page numbers
 * "— 1 —" at the foot. The `docx` library is imported here on demand, so it is not in any
 * screen's JavaScript until someone exports; the service worker precaches its chunk for offline.
 */

const PT = 2; // docx sizes are half-points
const TWIPS_PER_PT = 20;
const TWIPS_PER_MM = 56.7;
const BODY_PT = 16;

function fonts(eastAsia: string) {
  return { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia, cs: 'Times New Roman' };
}

export async function lessonDocxBlob(
  paragraphs: readonly DocxParagraph[],
  title: string,
): Promise<Blob> {
  const docx = await import('docx');
  const { AlignmentType, LevelFormat, LineRuleType, PageNumber } = docx;
  const exactLine = { line: 28 * TWIPS_PER_PT, lineRule: LineRuleType.EXACT };
  const indentChars = (n: number) => n * BODY_PT * TWIPS_PER_PT;

  const listLevels = (ordered: boolean) =>
    Array.from({ length: 9 }, (_, level) => ({
      level,
      format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
      text: ordered ? `%${level + 1}.` : level % 2 === 0 ? '●' : '○',
      alignment: AlignmentType.LEFT,
      style: {
        paragraph: { indent: { left: indentChars(2 + level * 2), hanging: indentChars(1) } },
      },
    }));

  const heading = {
    1: docx.HeadingLevel.HEADING_1,
    2: docx.HeadingLevel.HEADING_2,
    3: docx.HeadingLevel.HEADING_3,
  } as const;

  const children = paragraphs.map((paragraph) => {
    const runs = paragraph.runs.map(
      (run) =>
        new docx.TextRun({
          text: run.text,
          bold: run.bold,
          italics: run.italics,
          break: run.breakBefore ? 1 : undefined,
        }),
    );
    switch (paragraph.kind) {
      case 'title':
        return new docx.Paragraph({ heading: docx.HeadingLevel.TITLE, children: runs });
      case 'subtitle':
        return new docx.Paragraph({ style: 'LessonSubtitle', children: runs });
      case 'byline':
        return new docx.Paragraph({ style: 'LessonByline', children: runs });
      case 'heading1':
        return new docx.Paragraph({ heading: heading[1], children: runs });
      case 'heading2':
        return new docx.Paragraph({ heading: heading[2], children: runs });
      case 'heading3':
        return new docx.Paragraph({ heading: heading[3], children: runs });
      case 'quote':
        return new docx.Paragraph({ style: 'LessonQuote', children: runs });
      case 'listItem':
      case 'listContinuation': {
        const list = paragraph.list ?? { ordered: false, level: 0, instance: 0 };
        if (paragraph.kind === 'listContinuation') {
          return new docx.Paragraph({
            indent: { left: indentChars(2 + list.level * 2) },
            children: runs,
          });
        }
        return new docx.Paragraph({
          numbering: {
            reference: list.ordered ? 'lesson-ordered' : 'lesson-bullet',
            level: list.level,
            instance: list.instance,
          },
          children: runs,
        });
      }
      case 'body':
        return new docx.Paragraph({ indent: { firstLine: indentChars(2) }, children: runs });
    }
  });

  const document = new docx.Document({
    title,
    creator: '支部手记',
    styles: {
      default: {
        document: {
          run: { font: fonts('FangSong'), size: BODY_PT * PT },
          paragraph: { spacing: exactLine },
        },
        title: {
          run: { font: fonts('SimSun'), size: 22 * PT, bold: true, color: '000000' },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: {
              before: 0,
              after: 12 * TWIPS_PER_PT,
              line: 36 * TWIPS_PER_PT,
              lineRule: LineRuleType.EXACT,
            },
          },
        },
        heading1: {
          run: { font: fonts('SimHei'), size: BODY_PT * PT, bold: false, color: '000000' },
          paragraph: {
            spacing: { ...exactLine, before: 6 * TWIPS_PER_PT },
            indent: { firstLine: indentChars(2) },
            keepNext: true,
          },
        },
        heading2: {
          run: { font: fonts('KaiTi'), size: BODY_PT * PT, bold: true, color: '000000' },
          paragraph: { spacing: exactLine, indent: { firstLine: indentChars(2) }, keepNext: true },
        },
        heading3: {
          run: { font: fonts('FangSong'), size: BODY_PT * PT, bold: true, color: '000000' },
          paragraph: { spacing: exactLine, indent: { firstLine: indentChars(2) }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'LessonSubtitle',
          name: 'Lesson Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: fonts('KaiTi'), size: BODY_PT * PT },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { ...exactLine, after: 6 * TWIPS_PER_PT },
          },
        },
        {
          id: 'LessonByline',
          name: 'Lesson Byline',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: fonts('FangSong'), size: 14 * PT },
          paragraph: {
            alignment: AlignmentType.CENTER,
            spacing: { ...exactLine, after: 12 * TWIPS_PER_PT },
          },
        },
        {
          id: 'LessonQuote',
          name: 'Lesson Quote',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: fonts('KaiTi'), size: BODY_PT * PT },
          paragraph: {
            spacing: exactLine,
            indent: { left: indentChars(2), right: indentChars(2), firstLine: indentChars(2) },
          },
        },
      ],
    },
    numbering: {
      config: [
        { reference: 'lesson-ordered', levels: listLevels(true) },
        { reference: 'lesson-bullet', levels: listLevels(false) },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * TWIPS_PER_MM), height: Math.round(297 * TWIPS_PER_MM) },
            margin: {
              top: Math.round(37 * TWIPS_PER_MM),
              bottom: Math.round(35 * TWIPS_PER_MM),
              left: Math.round(28 * TWIPS_PER_MM),
              right: Math.round(26 * TWIPS_PER_MM),
            },
          },
        },
        footers: {
          default: new docx.Footer({
            children: [
              new docx.Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new docx.TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    font: fonts('SimSun'),
                    size: 14 * PT,
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
  return docx.Packer.toBlob(document);
}

/** Hands a file to the browser as a download. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
