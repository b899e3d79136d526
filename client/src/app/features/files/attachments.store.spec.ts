import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { HttpEventType } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import type { ChatFile } from '../../core/realtime/chat-events';
import { AttachmentsStore } from './attachments.store';
import { formatSize } from './file-size';
import { thumbnailBox } from './message-files.component';

const aFile = (name: string, size = 100) => new File([new Uint8Array(size)], name);

const stored = (id: string, name: string): ChatFile => ({
  id,
  name,
  size: 100,
  contentType: 'application/pdf',
  width: null,
  height: null,
  url: `/api/files/${id}/content?expires=1&sig=x`,
  thumbnailUrl: null,
});

describe('AttachmentsStore', () => {
  let backend: HttpTestingController;
  let store: AttachmentsStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), AttachmentsStore],
    });
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AttachmentsStore);
    store.setRoom('room-1');
  });

  it('uploads each file to the room with its progress, and hands the stored files to the send', () => {
    store.add([aFile('a.pdf')]);
    const request = backend.expectOne('/api/rooms/room-1/files');
    expect(request.request.body).toBeInstanceOf(FormData);
    expect((request.request.body as FormData).get('file')).toBeInstanceOf(File);
    expect(store.isUploading()).toBe(true);

    request.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 100 });
    expect(store.attachments()[0]).toMatchObject({ status: 'uploading', progress: 0.5 });

    request.flush(stored('f1', 'a.pdf'));
    expect(store.attachments()[0]).toMatchObject({ status: 'done', progress: 1 });
    expect(store.isUploading()).toBe(false);
    expect(store.take().map((file) => file.id)).toEqual(['f1']);
    expect(store.attachments()).toEqual([]);
  });

  it('says why an upload was refused: too large with the limit, and the quota', () => {
    store.add([aFile('big.bin'), aFile('more.bin')]);
    const [big, more] = backend.match('/api/rooms/room-1/files');
    big.flush(
      { statusCode: 413, message: 'The file is larger than the limit of 25 MB' },
      { status: 413, statusText: 'Payload Too Large' },
    );
    more.flush(
      { statusCode: 413, message: 'Your files use up your storage quota of 1 GiB' },
      { status: 413, statusText: 'Payload Too Large' },
    );
    expect(store.attachments()).toMatchObject([
      { status: 'failed', error: 'The file is larger than the limit of 25 MB', canRetry: false },
      { status: 'failed', error: expect.stringMatching(/quota/), canRetry: false },
    ]);
  });

  it('offers a retry after a network failure, which uploads the same file again', () => {
    store.add([aFile('flaky.pdf')]);
    backend
      .expectOne('/api/rooms/room-1/files')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    expect(store.attachments()[0]).toMatchObject({
      status: 'failed',
      error: 'Upload failed: the server could not be reached.',
      canRetry: true,
    });

    store.retry(store.attachments()[0].key);
    backend.expectOne('/api/rooms/room-1/files').flush(stored('f2', 'flaky.pdf'));
    expect(store.ready().map((file) => file.id)).toEqual(['f2']);
  });

  it('cancels an upload under way (the request is aborted) and drops everything on a room switch', () => {
    store.add([aFile('slow.bin')]);
    const request = backend.expectOne('/api/rooms/room-1/files');
    store.remove(store.attachments()[0].key);
    expect(request.cancelled).toBe(true);
    expect(store.attachments()).toEqual([]);

    store.add([aFile('other.bin')]);
    const pending = backend.expectOne('/api/rooms/room-1/files');
    store.setRoom('room-2');
    expect(pending.cancelled).toBe(true);
    expect(store.attachments()).toEqual([]);
  });

  it('takes at most 10 files for one message', () => {
    store.add(Array.from({ length: 12 }, (_, i) => aFile(`f${i}.txt`)));
    expect(store.attachments()).toHaveLength(10);
    expect(store.notice()).toMatch(/at most 10 files/);
    backend.match('/api/rooms/room-1/files');
  });
});

describe('thumbnail boxes and sizes', () => {
  it('keeps the image’s shape within 240 × 240 and never enlarges it', () => {
    expect(thumbnailBox(800, 600)).toEqual({ width: 240, height: 180 });
    expect(thumbnailBox(300, 1200)).toEqual({ width: 60, height: 240 });
    expect(thumbnailBox(100, 50)).toEqual({ width: 100, height: 50 });
  });

  it('writes sizes as people read them', () => {
    expect(formatSize(900)).toBe('900 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(25 * 1024 * 1024)).toBe('25 MB');
  });
});
