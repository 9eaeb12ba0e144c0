import { z } from "zod";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../src/env";

describe("parseEnv", () => {
  const Env = z.object({ DATABASE_URL: z.url(), API_SECRET: z.string().min(16) });

  it("returns the parsed values", () => {
    expect(parseEnv(Env, { DATABASE_URL: "postgres://h/db", API_SECRET: "x".repeat(16) })).toEqual({ DATABASE_URL: "postgres://h/db", API_SECRET: "x".repeat(16) });
  });

  it("names every bad variable and never echoes a value", () => {
    const attempt = () => parseEnv(Env, { DATABASE_URL: "not a url", API_SECRET: "hunter2" });
    expect(attempt).toThrow(/DATABASE_URL: .*; API_SECRET: /);
    expect(attempt).not.toThrow(/hunter2|not a url/);
  });
});
