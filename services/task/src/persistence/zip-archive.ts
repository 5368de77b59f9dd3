import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { ZipArchive } from "../domain/interchange/yolo.reader.js";

/** The zip could not be read (not a zip, truncated, encrypted, an entry over the limit): the message says which. */
export class ZipReadError extends Error {
  override readonly name = "ZipReadError";
}

export interface OpenedZip extends ZipArchive {
  close(): void;
}

/**
 * A zip on disk as the YOLO reader reads it: the central directory is listed once (names only), and each file is
 * inflated when asked for, refused past `maxEntryBytes` (yauzl checks the declared sizes against what inflates, so a
 * zip bomb stops at its declared size). Entries that are directories, or whose names yauzl finds unsafe, are left out.
 */
export async function openZipArchive(path: string, limits: { maxEntryBytes: number; maxEntries: number }): Promise<OpenedZip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw new ZipReadError(`not a zip archive: ${(err as Error).message}`, { cause: err });
  }
  const entries = new Map<string, Entry>();
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipReadError(`${zip.entryCount} entries, more than ${limits.maxEntries}`);
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: Entry) => {
        if (!entry.fileName.endsWith("/")) entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on("end", () => resolve());
      zip.on("error", (err: Error) => reject(new ZipReadError(`the zip's directory is unreadable: ${err.message}`, { cause: err })));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    files: [...entries.keys()],
    read: async (name) => {
      const entry = entries.get(name);
      if (!entry) throw new ZipReadError(`${name} is not in the zip`);
      if (entry.isEncrypted()) throw new ZipReadError(`${name} is encrypted`);
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        throw new ZipReadError(`${name} inflates to ${entry.uncompressedSize} bytes, more than ${limits.maxEntryBytes}`);
      }
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } catch (err) {
        throw new ZipReadError(`${name} is unreadable: ${(err as Error).message}`, { cause: err });
      }
    },
    close: () => zip.close(),
  };
}
