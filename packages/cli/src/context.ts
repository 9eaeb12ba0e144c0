import { lookup } from "node:dns/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { onPath, runCommand, type Runner } from "./exec";
import { createOutput, type Output } from "./output";

/** What the machine is and how commands run on it: the steps' decisions read these facts, so a test
 *  can hand them another machine (not root, not Debian, no redis-server) and a recording runner. */
export interface System {
  isRoot: boolean;
  isDebian: boolean;
  have(command: string): boolean;
  run: Runner;
  fileExists(path: string): boolean;
}

export type Mode = "start" | "services" | "stop" | "doctor" | "status" | "logins";
export type Origin = "environment" | ".env" | "default";

export interface Context {
  /** The repository's root: every relative path (var/, .env, packages/...) is under it. */
  root: string;
  mode: Mode;
  out: Output;
  sys: System;
  /** The environment the children get: the caller's, then .env's, then the defaults (load-env.ts). */
  env: Record<string, string | undefined>;
  /** Where each configuration value came from, for the messages. */
  origin: Map<string, Origin>;
  /** .env: read by every command, written (mode 0600) by start and services. */
  envFile: string;
  logDir: string;
  runDir: string;
  /** apt-get update runs once per command. */
  aptUpdated: boolean;
}

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");

export function realSystem(): System {
  const isDebian = existsSync("/etc/debian_version") && onPath("apt-get");
  return { isRoot: process.getuid?.() === 0, isDebian, have: (c) => onPath(c), run: runCommand, fileExists: existsSync };
}

export function createContext(mode: Mode, overrides: Partial<Context> = {}): Context {
  const root = overrides.root ?? repositoryRoot;
  return {
    root,
    mode,
    out: createOutput(),
    sys: realSystem(),
    env: { ...process.env },
    origin: new Map(),
    envFile: join(root, ".env"),
    logDir: join(root, "var/log"),
    runDir: join(root, "var/run"),
    aptUpdated: false,
    ...overrides,
  };
}

export const canApt = (sys: System) => sys.isRoot && sys.isDebian;

export function isLocalHost(host: string): boolean {
  return host === "" || host === "localhost" || host === "::1" || host.startsWith("127.") || host.startsWith("/");
}

/** Seconds since `t0` (ms), as the messages print it. */
export const since = (t0: number) => `${Math.round((Date.now() - t0) / 1000)}s`;

/** ": the host name does not resolve" when it does not, for a remote server's message; else "". */
export async function unresolved(host: string): Promise<string> {
  if (isLocalHost(host)) return "";
  return lookup(host).then(
    () => "",
    () => ": the host name does not resolve",
  );
}
