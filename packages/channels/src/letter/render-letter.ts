import PDFDocument from "pdfkit";
import { type Letterhead, type LetterMessage } from "../message";
import { type LetterFont } from "./find-cjk-font";

export interface RenderLetterInput {
  message: LetterMessage;
  letterhead: Letterhead;
  /** "YYYY-MM-DD", printed in the letter's language. */
  date: string;
  /** undefined: the built-in Helvetica (Latin only). */
  font: LetterFont | undefined;
}

interface Labels {
  reference: (code: string) => string;
  verify: string;
  page: (n: number, of: number) => string;
  phone: (number: string) => string;
}

function labelsFor(language: string): Labels {
  if (language.toLowerCase().startsWith("zh")) {
    return {
      reference: (code) => `参考编号：${code}`,
      verify: "如需核实本函真伪，请通过官方渠道联系我们并提供上述参考编号。",
      page: (n, of) => `第 ${n} 页，共 ${of} 页`,
      phone: (number) => `电话：${number}`,
    };
  }
  return {
    reference: (code) => `Reference: ${code}`,
    verify: "To check that this letter is genuine, contact us through our official channels and quote this reference.",
    page: (n, of) => `Page ${n} of ${of}`,
    phone: (number) => `Tel. ${number}`,
  };
}

function formatDate(date: string, language: string): string {
  try {
    // A calendar date, not an instant: format it at UTC so no zone shifts the day.
    return new Intl.DateTimeFormat(language, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
  } catch {
    return date;
  }
}

/** Renders the letter to PDF bytes: letterhead, date, address, subject, body, reference, page numbers. */
export async function renderLetter({ message, letterhead, date, font }: RenderLetterInput): Promise<Buffer> {
  const labels = labelsFor(message.language);
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 64, bottom: 72, left: 64, right: 64 },
    bufferPages: true,
    lang: message.language,
    // No personal data in document metadata: it outlives the letter in every copy of the file.
    info: { Title: `${letterhead.name} ${message.referenceCode}`, Producer: "Casebook", Creator: "Casebook" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const regular = font ? "body" : "Helvetica";
  const bold = font ? "body" : "Helvetica-Bold";
  if (font) doc.registerFont("body", font.data ?? font.path, font.family);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  doc.font(bold).fontSize(16).text(letterhead.name, { width });
  doc.font(regular).fontSize(9).fillColor("#444444");
  for (const line of letterhead.lines) doc.text(line, { width });
  if (letterhead.phone) doc.text(labels.phone(letterhead.phone), { width });
  doc.fillColor("black").moveDown(0.5);
  const y = doc.y;
  doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.5).stroke();
  doc.moveDown(1.5);

  doc.fontSize(11).text(formatDate(date, message.language), { width, align: "right" });
  doc.moveDown(1);
  doc.text(message.to.name, { width });
  for (const line of message.to.lines) doc.text(line, { width });
  doc.moveDown(1.5);

  doc.font(bold).fontSize(11).text(labels.reference(message.referenceCode), { width });
  if (message.subject) doc.moveDown(0.5).text(message.subject, { width });
  doc.font(regular).moveDown(1);

  const paragraphs = message.text.split(/\r?\n\s*\r?\n/).map((p) => p.trim()).filter(Boolean);
  for (const paragraph of paragraphs) {
    doc.fontSize(11).text(paragraph, { width, align: "left", lineGap: 2 });
    doc.moveDown(0.8);
  }

  doc.moveDown(1).fontSize(9).fillColor("#444444").text(labels.verify, { width }).fillColor("black");

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    doc.font(regular).fontSize(8).text(labels.page(i - range.start + 1, range.count), doc.page.margins.left, doc.page.height - 40, { width, align: "center" });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
