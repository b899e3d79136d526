import { HttpException, HttpStatus, StreamableFile } from '@nestjs/common';
import { cacheSecondsUntil } from '../common/signed-urls/url-signer';
import type { HttpResponse } from '../http/http-types';
import { FileContent, RangeNotSatisfiableError } from './files.service';

/**
 * Answers a signed file URL: the contract's headers (which replace helmet's web-app CSP with
 * exactly `sandbox`, so a file opened directly can run nothing and reach nothing), and 206
 * for a satisfiable `Range`, 416 for one past the end.
 */
export async function sendFileContent(
  response: HttpResponse,
  load: () => Promise<FileContent>,
): Promise<StreamableFile> {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', 'sandbox');
  response.setHeader('Accept-Ranges', 'bytes');
  let content: FileContent;
  try {
    content = await load();
  } catch (error) {
    if (!(error instanceof RangeNotSatisfiableError)) throw error;
    response.setHeader('Content-Range', `bytes */${error.totalSize}`);
    throw new HttpException(
      'The requested range starts past the end of the file',
      HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
    );
  }
  // The bytes behind a signed URL never change (a new avatar signs differently), so a cache
  // may keep them for as long as the URL itself is valid, and no longer.
  response.setHeader('Cache-Control', `private, max-age=${cacheSecondsUntil(content.signedUntil)}`);
  const { range, totalSize } = content;
  if (range) {
    response.status(HttpStatus.PARTIAL_CONTENT);
    response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${totalSize}`);
  }
  return new StreamableFile(content.stream, {
    type: content.contentType,
    disposition: content.contentDisposition,
    length: range ? range.end - range.start + 1 : totalSize,
  });
}
