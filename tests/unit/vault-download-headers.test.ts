/** How a vault document is sent: inline only for PDFs and pictures, names encoded safely, never cached or sniffed. */
import { NextRequest } from 'next/server';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfigForTests } from '@/lib/config';
import { DOCUMENT_ROUTE, contentDisposition, downloadHeaders, zipHeaders } from '@/lib/vault/download-headers';
import { proxy } from '@/proxy';

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

  it('never lets a shared cache keep a document, nor the browser guess its type, nor the file act as a page', () => {
    const h = downloadHeaders({ name: 'a.txt', contentType: 'text/plain', size: 10 }, false);
    expect(h).toMatchObject({
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
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

describe('the proxy and the document routes', () => {
  afterAll(() => setConfigForTests(undefined));
  const id = '0b6c3a52-8c43-4c1e-9d3a-52f4b1f7a001';

  it('knows the download, zip and record-file routes, and not the tab, the upload or anything else', () => {
    for (const p of [
      `/students/${id}/documents/${id}`,
      `/students/${id}/documents/zip`,
      '/students/x/documents/junk',
      `/incidents/${id}/files/${id}`,
      `/library/${id}`,
    ]) {
      expect(DOCUMENT_ROUTE.test(p), p).toBe(true);
    }
    for (const p of [
      `/students/${id}/documents`,
      `/students/${id}/documents/upload`,
      `/students/${id}/documents/${id}/more`,
      `/students/${id}/incidents`,
      `/x/students/${id}/documents/${id}`,
      `/incidents/${id}`,
      `/incidents/${id}/files`,
      `/incidents/${id}/files/${id}/more`,
      '/incidents/attachments',
      '/library',
      '/library/upload',
      `/library/${id}/more`,
    ]) {
      expect(DOCUMENT_ROUTE.test(p), p).toBe(false);
    }
    expect(zipHeaders('d.zip')).toMatchObject({
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
  });

  it('sends document routes their strict policy, never the pages’ one', () => {
    setConfigForTests(parseConfig({ NODE_ENV: 'production', APP_ROOT_DOMAIN: 'haven.test', APP_PROTOCOL: 'https' }));
    const doc = proxy(
      new NextRequest(`https://oak-school.haven.test/students/${id}/documents/${id}?download=1`, {
        headers: { host: 'oak-school.haven.test' },
      }),
    );
    expect(doc.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(doc.headers.get('cache-control')).toBe('private, no-store');
    const zip = proxy(
      new NextRequest(`https://oak-school.haven.test/students/${id}/documents/zip?id=${id}`, {
        headers: { host: 'oak-school.haven.test' },
      }),
    );
    expect(zip.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const tab = proxy(
      new NextRequest(`https://oak-school.haven.test/students/${id}/documents`, {
        headers: { host: 'oak-school.haven.test' },
      }),
    );
    expect(tab.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    expect(tab.headers.get('cache-control')).toBe('no-store, max-age=0');
  });
});
