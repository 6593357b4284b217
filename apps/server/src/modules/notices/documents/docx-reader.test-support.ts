import JSZip from 'jszip';

export interface DocxParagraph {
  /** The paragraph's visible text (its w:t runs joined, XML entities decoded). */
  text: string;
  /** The paragraph's raw XML, to check fonts, sizes and alignment. */
  xml: string;
}

const decode = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

/** Opens a DOCX as the zip it is and reads word/document.xml into paragraphs. */
export async function readDocx(content: Buffer): Promise<{ xml: string; paragraphs: DocxParagraph[] }> {
  const zip = await JSZip.loadAsync(content);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('word/document.xml is missing');
  const xml = await file.async('string');
  const paragraphs = [...xml.matchAll(/<w:p>.*?<\/w:p>|<w:p [^>]*>.*?<\/w:p>/gs)].map((m) => ({
    xml: m[0],
    text: decode([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  }));
  return { xml, paragraphs };
}

/** The one paragraph whose text contains `needle`; fails loudly when there is none. */
export function paragraphWith(paragraphs: DocxParagraph[], needle: string): DocxParagraph {
  const found = paragraphs.find((p) => p.text.includes(needle));
  if (!found)
    throw new Error(
      `no paragraph contains ${JSON.stringify(needle)}:\n${paragraphs.map((p) => p.text).join('\n')}`,
    );
  return found;
}
