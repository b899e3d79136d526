import { cleanFileName, contentDisposition } from './content-disposition';

describe('cleanFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\report.pdf', 'report.pdf'],
    ['evil\u202Egnp.exe', 'evilgnp.exe'],
    ['two\nlines\r.txt', 'twolines.txt'],
    ['..', 'file'],
    ['', 'file'],
    [undefined, 'file'],
    ['  spaced  .png ', 'spaced  .png'],
    ['שלום.txt', 'שלום.txt'],
  ])('%j → %j', (raw, expected) => {
    expect(cleanFileName(raw)).toBe(expected);
  });

  it('keeps at most 255 code points', () => {
    expect([...cleanFileName('😀'.repeat(300))]).toHaveLength(255);
  });
});

describe('contentDisposition', () => {
  it('downloads anything but the four raster image types', () => {
    expect(contentDisposition('a.html', 'text/html')).toMatch(/^attachment;/);
    expect(contentDisposition('a.svg', 'application/octet-stream')).toMatch(/^attachment;/);
    expect(contentDisposition('a.png', 'image/png')).toMatch(/^inline;/);
    expect(contentDisposition('a.webp', 'image/webp')).toMatch(/^inline;/);
  });

  it('encodes the name per RFC 6266 with an ASCII fallback', () => {
    expect(contentDisposition('naïve "quote" 100%.pdf', 'application/pdf')).toBe(
      `attachment; filename="na_ve _quote_ 100_.pdf"; filename*=UTF-8''na%C3%AFve%20%22quote%22%20100%25.pdf`,
    );
    expect(contentDisposition("it's (1).txt", 'text/plain')).toContain(
      "filename*=UTF-8''it%27s%20%281%29.txt",
    );
  });
});
