import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PermanentChannelError, TransientChannelError } from "../src/errors";
import { findCjkFont } from "../src/letter/find-cjk-font";
import { createLetterAdapter } from "../src/letter/letter-adapter";

const cjkFont = findCjkFont();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "channels-letter-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readPdf(file: string): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, " "), pages: totalPages };
}

const warnings: string[] = [];
const logger = { warn: (m: string) => void warnings.push(m) };

const english = {
  channel: "letter" as const,
  to: { name: "Jane Doe", lines: ["12 Elm Street", "Springfield, IL 62704", "USA"] },
  subject: "Notice about your account",
  date: "2026-11-23",
  text: "Dear Jane Doe,\n\nWe write about your account. Please quote reference K7Q2-MX9P when you contact us.\n\nYours sincerely,\nCasebook Collections",
  referenceCode: "K7Q2-MX9P",
  language: "en-US",
};

describe("letters rendered to PDF", () => {
  it("writes <key>.pdf with letterhead, date, address, body, reference and page numbers", async () => {
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters"), letterhead: { name: "Casebook Collections", lines: ["1 Main St, Chicago"] }, logger });
    const result = await letter.send(english, { idempotencyKey: "dsp_letter_1" });
    expect(result).toEqual({ status: "accepted", providerMessageId: "letter:dsp_letter_1", artifactPath: path.join(dir, "letters", "dsp_letter_1.pdf") });
    const { text, pages } = await readPdf(result.artifactPath ?? "");
    expect(pages).toBe(1);
    for (const part of ["Casebook Collections", "1 Main St, Chicago", "November 23, 2026", "Jane Doe", "12 Elm Street", "Notice about your account", "Reference: K7Q2-MX9P", "We write about your account", "Page 1 of 1"]) {
      expect(text).toContain(part);
    }
  });

  it("stores the letter readable by the service's user only (no group or world bits), in a private folder", async () => {
    const letterDir = path.join(dir, "private-letters");
    const letter = createLetterAdapter({ letterDir, letterhead: { name: "Casebook Collections", lines: [] }, logger });
    const result = await letter.send(english, { idempotencyKey: "dsp_letter_mode" });
    expect((await stat(result.artifactPath ?? "")).mode & 0o777).toBe(0o600);
    expect((await stat(letterDir)).mode & 0o777).toBe(0o700);
  });

  it("a second send with the same key does not rewrite the letter", async () => {
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters"), letterhead: { name: "Casebook Collections", lines: [] }, logger });
    const first = await letter.send(english, { idempotencyKey: "dsp_letter_2" });
    const before = await stat(first.artifactPath ?? "");
    const bytes = await readFile(first.artifactPath ?? "");
    await new Promise((r) => setTimeout(r, 20));
    const second = await letter.send({ ...english, text: `${english.text}\n\nA different body.` }, { idempotencyKey: "dsp_letter_2" });
    expect(second).toEqual(first);
    const after = await stat(first.artifactPath ?? "");
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);
    expect(Buffer.compare(await readFile(first.artifactPath ?? ""), bytes)).toBe(0);
    // Concurrent sends of one new key leave exactly one file and no temporary debris.
    await Promise.all(Array.from({ length: 5 }, () => letter.send(english, { idempotencyKey: "dsp_letter_race" })));
    const files = await readdir(path.join(dir, "letters"));
    expect(files.filter((f) => f.includes("dsp_letter_race"))).toEqual(["dsp_letter_race.pdf"]);
    expect(await letter.lookup?.("dsp_letter_race")).toMatchObject({ found: true, providerMessageId: "letter:dsp_letter_race" });
    expect(await letter.lookup?.("dsp_letter_none")).toEqual({ found: false });
  });

  it("numbers every page of a long letter", async () => {
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters"), letterhead: { name: "Casebook Collections", lines: [] }, logger });
    const long = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. ${"This sentence makes the letter long. ".repeat(6)}`).join("\n\n");
    const result = await letter.send({ ...english, text: `${long}\n\nReference K7Q2-MX9P.` }, { idempotencyKey: "dsp_letter_long" });
    const { text, pages } = await readPdf(result.artifactPath ?? "");
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
  });

  it("refuses a letter whose body does not print the reference", async () => {
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters"), letterhead: { name: "Casebook", lines: [] }, logger });
    await expect(letter.send({ ...english, text: "No reference." }, { idempotencyKey: "dsp_letter_noref" })).rejects.toBeInstanceOf(PermanentChannelError);
    await expect(letter.send({ ...english, to: { name: "x", lines: [] } }, { idempotencyKey: "dsp_letter_noaddr" })).rejects.toMatchObject({ code: "invalid_message" });
    const files = await readdir(path.join(dir, "letters"));
    expect(files.some((f) => f.includes("noref") || f.includes("noaddr"))).toBe(false);
  });

  it.skipIf(!cjkFont)("renders Chinese text with the CJK font", async () => {
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters"), letterhead: { name: "卡斯布克催收服务有限公司", lines: ["北京市朝阳区建国路 1 号"] }, logger });
    const result = await letter.send(
      {
        channel: "letter",
        to: { name: "张伟", lines: ["上海市浦东新区世纪大道 100 号", "200120"] },
        subject: "律师函",
        date: "2026-11-23",
        text: "张伟先生：\n\n您的账户已逾期九十天。请在收到本函后七日内与我们联系。参考编号：K7Q2-MX9P。\n\n此致\n敬礼",
        referenceCode: "K7Q2-MX9P",
        language: "zh-CN",
      },
      { idempotencyKey: "dsp_letter_zh" },
    );
    const { text } = await readPdf(result.artifactPath ?? "");
    for (const part of ["卡斯布克催收服务有限公司", "2026年11月23日", "张伟", "律师函", "您的账户已逾期九十天", "参考编号：K7Q2-MX9P", "第 1 页，共 1 页"]) {
      expect(text).toContain(part);
    }
  });

  it("without a CJK font: warns, renders Latin letters with Helvetica, and refuses Chinese as transient", async () => {
    warnings.length = 0;
    const letter = createLetterAdapter({ letterDir: path.join(dir, "letters-nofont"), letterhead: { name: "Casebook", lines: [] }, font: null, logger });
    expect(warnings.join(" ")).toMatch(/fonts-wqy-microhei/);
    const ok = await letter.send(english, { idempotencyKey: "dsp_letter_helv" });
    expect((await readPdf(ok.artifactPath ?? "")).text).toContain("K7Q2-MX9P");
    const err = await letter.send({ ...english, text: "参考编号 K7Q2-MX9P" }, { idempotencyKey: "dsp_letter_helv_zh" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientChannelError);
    expect(err).toMatchObject({ code: "font_missing" });
    // The reason says what to do, so the failure on the step's screen is one an operator can fix.
    expect((err as Error).message).toMatch(/fonts-wqy-microhei or fonts-noto-cjk/);
  });

  it("a configured font that cannot be loaded fails at construction", () => {
    const letterDir = path.join(dir, "letters-badfont");
    const letterhead = { name: "Casebook", lines: [] };
    expect(() => createLetterAdapter({ letterDir, letterhead, font: { path: "/nonexistent/font.ttf" }, logger })).toThrow(/cannot be used/);
    if (cjkFont) {
      expect(() => createLetterAdapter({ letterDir, letterhead, font: { path: cjkFont.path, family: "NoSuchFace" }, logger })).toThrow(/cannot be used/);
    }
  });
});
