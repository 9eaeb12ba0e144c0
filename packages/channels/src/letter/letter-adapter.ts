import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, link, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { PermanentChannelError, TransientChannelError } from "../errors";
import { IdempotencyKey, type ChannelAdapter, type Letterhead, type LookupResult, type OutboundMessageInput, type SendOptions, type SendResult } from "../message";
import { validateMessage } from "../validate-message";
import { checkLetterFont, CJK_FONT_PACKAGES, containsCjk, findCjkFont, type LetterFont } from "./find-cjk-font";
import { renderLetter } from "./render-letter";

export interface LetterAdapterOptions {
  /** Where `<idempotencyKey>.pdf` files are stored. */
  letterDir: string;
  letterhead: Letterhead;
  /**
   * A font with CJK glyphs. undefined: search the Debian paths (findCjkFont); null: none, use
   * Helvetica (Latin only).
   */
  font?: LetterFont | null;
  now?: () => Date;
  logger?: { warn(message: string): void };
}

function isErrno(err: unknown, code: string): boolean {
  return (err as { code?: string } | null)?.code === code;
}

export function createLetterAdapter(options: LetterAdapterOptions): ChannelAdapter<"letter"> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? console;
  let font = options.font === null ? undefined : (options.font ?? findCjkFont());
  if (font) {
    let problem: string | undefined;
    try {
      font = { ...font, data: readFileSync(font.path) };
      problem = checkLetterFont(font);
    } catch (err) {
      problem = (err as Error).message;
    }
    // A font someone configured must work; one we only found on disk may be skipped with a warning.
    if (problem && options.font) throw new Error(`letter font ${font.path} cannot be used: ${problem}`);
    if (problem) {
      logger.warn(`[channels] letter font ${font.path} cannot be used (${problem})`);
      font = undefined;
    }
  }
  if (!font) {
    logger.warn(
      "[channels] no CJK font found for letters: falling back to Helvetica, which cannot print Chinese. " +
        `Install the Debian package ${CJK_FONT_PACKAGES.join(" or ")} (or set LETTER_FONT_PATH).`,
    );
  }

  const fileFor = (key: string) => path.join(options.letterDir, `${key}.pdf`);
  const providerIdFor = (key: string) => `letter:${key}`;

  async function existing(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch (err) {
      if (isErrno(err, "ENOENT")) return false;
      throw new TransientChannelError("storage", "cannot read the letter store", { cause: err });
    }
  }

  return {
    channel: "letter",
    async send(input: OutboundMessageInput, opts: SendOptions): Promise<SendResult> {
      const msg = validateMessage("letter", input, opts);
      const file = fileFor(opts.idempotencyKey);
      const result: SendResult = { status: "accepted", providerMessageId: providerIdFor(opts.idempotencyKey), artifactPath: file };
      // The dispatch id names the file: a retried dispatch finds its letter and never makes a second.
      if (await existing(file)) return result;

      const letterhead = msg.letterhead ?? options.letterhead;
      if (!font && [msg.text, msg.subject ?? "", msg.to.name, ...msg.to.lines, letterhead.name, ...letterhead.lines].some(containsCjk)) {
        // Helvetica would print empty boxes; a garbled letter to a debtor is worse than a late one,
        // and installing the font fixes it, so the worker retries.
        throw new TransientChannelError("font_missing", `letter needs a CJK font and none is installed: install the Debian package ${CJK_FONT_PACKAGES.join(" or ")} (./casebook start does), or set LETTER_FONT_PATH`);
      }
      const date = msg.date ?? now().toISOString().slice(0, 10);
      let pdf: Buffer;
      try {
        pdf = await renderLetter({ message: msg, letterhead, date, font });
      } catch (err) {
        throw new PermanentChannelError("invalid_message", "the letter could not be rendered", { cause: err });
      }

      const tmp = path.join(options.letterDir, `.${opts.idempotencyKey}.${randomBytes(6).toString("hex")}.tmp`);
      try {
        // A letter is a person's name, address and debt: readable by the service's user only (issue 10).
        await mkdir(options.letterDir, { recursive: true, mode: 0o700 });
        await writeFile(tmp, pdf, { flag: "wx", mode: 0o600 });
        // link() refuses an existing target, so two concurrent sends of one dispatch id leave exactly
        // one complete file, and a reader never sees a half-written one.
        await link(tmp, file).catch((err: unknown) => {
          if (!isErrno(err, "EEXIST")) throw err;
        });
      } catch (err) {
        throw new TransientChannelError("storage", "cannot write the letter store", { cause: err });
      } finally {
        await unlink(tmp).catch(() => {});
      }
      return result;
    },
    async lookup(idempotencyKey: string): Promise<LookupResult> {
      const key = IdempotencyKey.safeParse(idempotencyKey);
      if (!key.success) throw new PermanentChannelError("invalid_idempotency_key", "invalid idempotency key");
      const file = fileFor(key.data);
      if (!(await existing(file))) return { found: false };
      return { found: true, providerMessageId: providerIdFor(key.data), status: "accepted", artifactPath: file };
    },
    async close() {},
  };
}
