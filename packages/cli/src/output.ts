// One line per step: ✓ found / → did / ! warning / ✗ cannot go on, followed by the lines that fix it.
// The same marks and words as the bash script this package replaced, so logs and habits carry over.

export interface Output {
  ok(message: string): void;
  did(message: string): void;
  warn(message: string): void;
  bad(message: string): void;
  fix(message: string): void;
  /** A plain line (a heading, the demo logins). */
  line(message?: string): void;
  /** Wraps a child's output line: `[tag     ] line`. */
  prefixed(tag: string, message: string): void;
  readonly counts: { warnings: number; problems: number };
  readonly bold: (text: string) => string;
}

/** The step cannot go on: `message` says what is wrong, `fixes` how to put it right. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly fixes: string[] = [],
  ) {
    super(message);
    this.name = "StepFailure";
  }
}

export function createOutput(write: (text: string) => void = safeStdout, color = !!process.stdout.isTTY && !process.env.NO_COLOR): Output {
  const c = (code: string) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const dim = c("2");
  const counts = { warnings: 0, problems: 0 };
  const say = (mark: string, message: string) => write(`${dim("[casebook]")} ${mark} ${message}\n`);
  return {
    ok: (m) => say(c("32")("✓"), m),
    did: (m) => say(c("36")("→"), m),
    warn: (m) => {
      counts.warnings++;
      say(c("33")("!"), m);
    },
    bad: (m) => {
      counts.problems++;
      say(c("31")("✗"), m);
    },
    fix: (m) => write(`${dim("[casebook]")}     ${m}\n`),
    line: (m = "") => write(`${m}\n`),
    prefixed: (tag, m) => write(`${dim(`[${tag.padEnd(8)}]`)} ${m}\n`),
    counts,
    bold: c("1"),
  };
}

// A closed output (`./casebook start | head`, a killed tee) must not stop the command halfway through
// stopping its children: printing never fails.
function safeStdout(text: string): void {
  try {
    process.stdout.write(text);
  } catch {
    /* the reader is gone */
  }
}

/** An output that keeps its lines, for tests. */
export function memoryOutput(): Output & { lines: string[]; text: () => string } {
  const lines: string[] = [];
  const out = createOutput((t) => lines.push(...t.replace(/\n$/, "").split("\n")), false);
  return Object.assign(out, { lines, text: () => lines.join("\n") });
}
