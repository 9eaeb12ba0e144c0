// `pnpm -s compliance:check < request.json`: one request or an array in, the same shape out
// (docs/CHECK-CONTRACT.md). Exit 0 when every request was understood, 2 with a
// one-line error naming the first bad field otherwise. Nothing but the decisions goes to stdout.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { CheckRequest, evaluate, PolicyError, type CheckDecision } from "../index";

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "invalid_union":
      return "expected one of the allowed shapes";
    case "invalid_type":
      return issue.message.includes("received undefined") ? `required (expected ${issue.expected})` : `expected ${issue.expected}`;
    case "unrecognized_keys":
      return `unknown field ${issue.keys.join(", ")}`;
    default:
      return issue.message;
  }
}

function fieldPath(prefix: string, path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`), prefix);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let input: unknown;
try {
  input = JSON.parse(readFileSync(0, "utf8"));
} catch (error) {
  fail(`request: invalid JSON (${(error as Error).message})`);
}

const batch = Array.isArray(input);
const requests: unknown[] = batch ? (input as unknown[]) : [input];
const parsed: CheckRequest[] = [];
for (const [i, request] of requests.entries()) {
  const result = CheckRequest.safeParse(request);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    fail(`${fieldPath(batch ? `request[${i}]` : "request", issue.path)}: ${describe(issue)}`);
  }
  parsed.push(result.data);
}

const decisions: CheckDecision[] = [];
for (const [i, request] of parsed.entries()) {
  try {
    decisions.push(evaluate(request, { validate: false }));
  } catch (error) {
    // A request's policy that would loosen a regulation's number: name the parameter, as for a bad field.
    if (!(error instanceof PolicyError)) throw error;
    fail(`${batch ? `request[${i}]` : "request"}.policy.rules.${error.parameter}: ${error.message.slice(error.parameter.length + 2)}`);
  }
}
process.stdout.write(`${JSON.stringify(batch ? decisions : decisions[0])}\n`);
