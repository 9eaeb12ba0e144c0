import type { RedisConnection } from "./connection";
import { DeadLetter } from "./payloads";

/** Bounded: the newest entries are kept; an operator reads and replays them from here. */
export const DEAD_LETTER_MAX = 10_000;

export function deadLetterKey(prefix: string): string {
  return `${prefix}:dead-letter`;
}

/** Called by the worker when a job exhausts its retries or fails unrecoverably. Ids only. */
export async function recordDeadLetter(connection: RedisConnection, prefix: string, entry: DeadLetter): Promise<void> {
  const value = JSON.stringify(DeadLetter.parse(entry));
  await connection.multi().lpush(deadLetterKey(prefix), value).ltrim(deadLetterKey(prefix), 0, DEAD_LETTER_MAX - 1).exec();
}

export async function readDeadLetters(connection: RedisConnection, prefix: string, limit = 100): Promise<DeadLetter[]> {
  const raw = await connection.lrange(deadLetterKey(prefix), 0, limit - 1);
  return raw.map((r) => DeadLetter.parse(JSON.parse(r)));
}
