import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';

/** The upload, written to `path` on local disk. */
export interface ReceivedFile {
  path: string;
  size: number;
  /** As the client sent it (UTF-8); clean before showing. */
  name: string | undefined;
}

export type ReceiveFailure =
  { kind: 'too-large' } | { kind: 'not-multipart' } | { kind: 'no-file' } | { kind: 'aborted' };

export class UploadRefused extends Error {
  constructor(readonly failure: ReceiveFailure) {
    super(failure.kind);
  }
}

/**
 * Streams the multipart field `file` of `request` to `path` (never the whole file in memory).
 * Passing `maxBytes` rejects at once with `too-large`: the partial file is removed and the rest
 * of the request is read and dropped, so the 413 can be answered before the client finishes.
 */
export function receiveUpload(
  request: IncomingMessage,
  path: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  return new Promise<ReceivedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // Browsers send UTF-8 names; busboy's default reads them as Latin-1.
        defParamCharset: 'utf8',
        // busboy reports the limit on reaching it; a file of exactly maxBytes is allowed.
        limits: { fileSize: maxBytes + 1, files: 1, fields: 20, fieldSize: 1024, parts: 30 },
      });
    } catch {
      request.resume();
      reject(new UploadRefused({ kind: 'not-multipart' }));
      return;
    }

    let isSettled = false;
    let written: Promise<ReceivedFile> | undefined;
    let output: ReturnType<typeof createWriteStream> | undefined;

    const fail = (failure: ReceiveFailure, error?: Error) => {
      if (isSettled) return;
      isSettled = true;
      request.unpipe(parser);
      request.resume();
      output?.destroy();
      // The partial file is gone before the refusal is answered.
      void unlink(path)
        .catch(() => undefined)
        .then(() => reject(error ?? new UploadRefused(failure)));
    };

    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || written) {
        stream.resume();
        return;
      }
      let size = 0;
      const file = createWriteStream(path, { flags: 'wx' });
      output = file;
      stream.on('data', (chunk: Buffer) => (size += chunk.length));
      stream.once('limit', () => fail({ kind: 'too-large' }));
      stream.pipe(file);
      written = finished(file).then(() => ({ path, size, name: browserFileName(info.filename) }));
      written.catch((error: Error) => fail({ kind: 'aborted' }, error));
    });
    parser.once('close', () => {
      if (isSettled) return;
      if (!written) {
        fail({ kind: 'no-file' });
        return;
      }
      void written.then((file) => {
        if (isSettled) return;
        isSettled = true;
        resolve(file);
      });
    });
    parser.once('error', () => fail({ kind: 'not-multipart' }));
    request.once('aborted', () => fail({ kind: 'aborted' }));
    request.pipe(parser);
  });
}

/**
 * Browsers (per the HTML standard's multipart/form-data encoding) send `"`, CR and LF in a
 * file name as %22, %0D and %0A; busboy leaves them encoded.
 */
function browserFileName(name: string | undefined): string | undefined {
  return name?.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
