import {
  AlignmentType,
  BorderStyle,
  Document,
  type IRunOptions,
  LineRuleType,
  Packer,
  Paragraph,
  TextRun,
} from 'docx';

/**
 * The customary layout of a Chinese government document (GB/T 9704-2012), as far as a generated file
 * reasonably goes: A4, the standard margins, 仿宋 三号 body on a fixed 28 pt line, 小标宋 二号 title,
 * 黑体 headings. Fonts are named; Word substitutes the nearest one when a machine lacks them.
 */
export const FONTS = {
  body: '仿宋_GB2312',
  heading: '黑体',
  title: '宋体',
  latin: 'Times New Roman',
} as const;

/** Sizes in half-points: 三号 16 pt, 二号 22 pt. */
const SIZE = { body: 32, title: 44 } as const;
/** Twips: 1 mm ≈ 56.7; one character of 三号 is 16 pt = 320 twips. */
const CHAR = 320;
const MM = 56.7;
const LINE = { line: 560, lineRule: LineRuleType.EXACT } as const;
export const RED = 'C00000';

type Face = 'body' | 'heading' | 'title';

function run(text: string, face: Face, extra: Partial<IRunOptions> = {}): TextRun {
  const eastAsia = face === 'body' ? FONTS.body : face === 'heading' ? FONTS.heading : FONTS.title;
  return new TextRun({
    text,
    font: { ascii: FONTS.latin, hAnsi: FONTS.latin, eastAsia, cs: FONTS.latin },
    size: face === 'title' ? SIZE.title : SIZE.body,
    bold: face === 'title',
    ...extra,
  });
}

/** A body paragraph indented two characters, justified; line breaks in the text start new paragraphs. */
export function bodyParagraphs(text: string): Paragraph[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map(
      (line) =>
        new Paragraph({
          children: [run(line, 'body')],
          alignment: AlignmentType.BOTH,
          indent: { firstLine: 2 * CHAR },
          spacing: LINE,
        }),
    );
}

export function heading(text: string): Paragraph {
  return new Paragraph({ children: [run(text, 'heading')], indent: { firstLine: 2 * CHAR }, spacing: LINE });
}

export function title(text: string, color?: string): Paragraph {
  return new Paragraph({
    children: [run(text, 'title', color ? { color } : {})],
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT },
  });
}

export function centred(text: string): Paragraph {
  return new Paragraph({ children: [run(text, 'body')], alignment: AlignmentType.CENTER, spacing: LINE });
}

/** The 文号 line with the red rule under it (版头 separator). */
export function docNumberLine(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, 'body')],
    alignment: AlignmentType.CENTER,
    spacing: { ...LINE, after: 240 },
    border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } },
  });
}

/** Flush left, no indent: 主送 (recipient) and the TLP marking. */
export function flushLeft(text: string, face: Face = 'body'): Paragraph {
  return new Paragraph({ children: [run(text, face)], spacing: LINE });
}

export function blank(): Paragraph {
  return new Paragraph({ children: [run('', 'body')], spacing: LINE });
}

/** 落款: right-aligned, four characters in from the right margin, as GB/T 9704 places 成文日期. */
export function signOff(text: string, color?: string): Paragraph {
  return new Paragraph({
    children: [run(text, 'body', color ? { color } : {})],
    alignment: AlignmentType.RIGHT,
    indent: { right: 4 * CHAR },
    spacing: LINE,
  });
}

export async function packA4(children: Paragraph[], docTitle: string): Promise<Buffer> {
  const doc = new Document({
    title: docTitle,
    creator: 'Shouwang',
    styles: {
      default: {
        document: {
          run: { font: { eastAsia: FONTS.body, ascii: FONTS.latin, hAnsi: FONTS.latin }, size: SIZE.body },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
