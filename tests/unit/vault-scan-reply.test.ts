/** Reading clamd's one-line INSTREAM replies: only "OK" is clean; a signature is a virus; anything else is no verdict. */
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { parseClamdReply } = await import('@/lib/vault/scan');

describe('parseClamdReply', () => {
  it.each([
    ['stream: OK\0', { kind: 'clean' }],
    ['stream: OK\n', { kind: 'clean' }],
    ['stream: Eicar-Test-Signature FOUND\0', { kind: 'infected', signature: 'Eicar-Test-Signature' }],
    [
      'stream: Win.Test.EICAR_HDB-1.UNOFFICIAL FOUND\0',
      { kind: 'infected', signature: 'Win.Test.EICAR_HDB-1.UNOFFICIAL' },
    ],
    ['INSTREAM size limit exceeded. ERROR\0', { kind: 'error', detail: 'INSTREAM size limit exceeded. ERROR' }],
    ['', { kind: 'error', detail: 'no reply' }],
    ['stream: OK FOUND', { kind: 'infected', signature: 'OK' }],
    ['stream: OKAY', { kind: 'error', detail: 'stream: OKAY' }],
  ])('%j', (reply, verdict) => {
    expect(parseClamdReply(reply)).toEqual(verdict);
  });
});

describe('scanner configuration', () => {
  it('is off unless set; a unix socket or a host and port; never both', async () => {
    const { parseConfig, ConfigError } = await import('@/lib/config');
    expect(parseConfig({}).clamav).toBeNull();
    expect(parseConfig({ CLAMAV_SOCKET: ' ' }).clamav).toBeNull();
    expect(parseConfig({ CLAMAV_SOCKET: '/run/clamav/clamd.ctl' }).clamav).toEqual({ socket: '/run/clamav/clamd.ctl' });
    expect(parseConfig({ CLAMAV_HOST: 'clamd.internal' }).clamav).toEqual({ host: 'clamd.internal', port: 3310 });
    expect(parseConfig({ CLAMAV_HOST: '10.0.0.5', CLAMAV_PORT: '3311' }).clamav).toEqual({
      host: '10.0.0.5',
      port: 3311,
    });
    expect(() => parseConfig({ CLAMAV_SOCKET: 'clamd.ctl' })).toThrow(ConfigError);
    expect(() => parseConfig({ CLAMAV_SOCKET: '/x.sock', CLAMAV_HOST: 'h' })).toThrow(/not both/);
    expect(() => parseConfig({ CLAMAV_HOST: 'h', CLAMAV_PORT: '70000' })).toThrow(ConfigError);
  });
});
