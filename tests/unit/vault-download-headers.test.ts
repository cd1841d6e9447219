/** How a vault document is sent: inline only for PDFs and pictures, names encoded safely, never cached or sniffed. */
import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders } from '@/lib/vault/download-headers';

describe('download headers', () => {
  it('opens PDFs and pictures inline, downloads everything else, and forces a download when asked', () => {
    const doc = (contentType: string) => ({ name: 'x', contentType, size: 3 });
    expect(downloadHeaders(doc('application/pdf'), false)['content-disposition']).toMatch(/^inline;/);
    expect(downloadHeaders(doc('image/png'), false)['content-disposition']).toMatch(/^inline;/);
    expect(downloadHeaders(doc('application/pdf'), true)['content-disposition']).toMatch(/^attachment;/);
    for (const t of ['text/plain', 'application/xml', 'application/zip', 'image/tiff', 'message/rfc822']) {
      expect(downloadHeaders(doc(t), false)['content-disposition'], t).toMatch(/^attachment;/);
    }
  });

  it('never lets a shared cache keep a document, nor the browser guess its type', () => {
    const h = downloadHeaders({ name: 'a.txt', contentType: 'text/plain', size: 10 }, false);
    expect(h).toMatchObject({
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-type': 'text/plain; charset=utf-8',
      'content-length': '10',
    });
  });

  it('encodes any name so it cannot break the header', () => {
    expect(contentDisposition('attachment', 'Zoë "quoted"; x.pdf')).toBe(
      `attachment; filename="Zo_ _quoted__ x.pdf"; filename*=UTF-8''Zo%C3%AB%20%22quoted%22%3B%20x.pdf`,
    );
    expect(contentDisposition('attachment', 'a\r\nb.pdf')).not.toMatch(/[\r\n]/);
  });
});
