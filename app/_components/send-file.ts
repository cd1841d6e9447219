/**
 * Sends one file as a request's whole body to a streaming upload route
 * (lib/vault), reporting progress: used by the Document vault tab and by the
 * incident and action forms' attachments, so each file succeeds or fails
 * alone with the server's message.
 */
export type SentFile = { ok: true; documentIds: string[] } | { ok: false; message: string };

export function sendFile(action: string, file: File, onProgress: (sent: number) => void): Promise<SentFile> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', action);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: { message?: string; documentIds?: string[] } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        if (xhr.responseText) body = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ ok: true, documentIds: body.documentIds ?? [] });
      else resolve({ ok: false, message: body.message ?? 'The upload failed; try again.' });
    };
    xhr.onerror = () => resolve({ ok: false, message: 'The connection dropped before the file was sent; try again.' });
    xhr.send(file);
  });
}
