import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "casebook-import-upload-"));
  process.env.IMPORT_DIR = dir;
});

const streamOf = (chunks: number, size: number) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(65));
    },
  });
};

// Issue 16, "a body over the size limit": the console's upload is streamed to the import disk and cut
// off past the limit, nothing of it left behind; a file within the limit arrives whole, named by its id.
describe("saveImportUpload", () => {
  it("stores a file within the limit whole, under its id only", async () => {
    const { saveImportUpload, importFilePath } = await import("./import-files");
    const saved = await saveImportUpload(streamOf(4, 64 * 1024), 1024 * 1024);
    expect(saved.bytes).toBe(256 * 1024);
    expect((await readFile(importFilePath(saved.fileId)!)).length).toBe(256 * 1024);
    expect(importFilePath("../../etc/passwd")).toBeNull();
  });

  it("refuses a body over the limit and leaves no file, not even a partial one", async () => {
    const { saveImportUpload } = await import("./import-files");
    const { BodyTooLargeError } = await import("@/lib/read-body");
    const before = await readdir(dir);
    await expect(saveImportUpload(streamOf(40, 64 * 1024), 1024 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(await readdir(dir)).toEqual(before);
  });
});
