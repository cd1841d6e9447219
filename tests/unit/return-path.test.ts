import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '@/lib/tenancy/return-path';

describe('safeReturnPath', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnPath('/')).toBe('/');
    expect(safeReturnPath('/students')).toBe('/students');
    expect(safeReturnPath('/students/0195f0c2-1111-7000-8000-000000000000/incidents?highlight=x#incident-1')).toBe(
      '/students/0195f0c2-1111-7000-8000-000000000000/incidents?highlight=x#incident-1',
    );
    expect(safeReturnPath('/admin/users?q=Zo%C3%AB')).toBe('/admin/users?q=Zo%C3%AB');
    expect(safeReturnPath('/a/../students')).toBe('/students');
  });

  it('turns every other site, however it is written, into the fallback', () => {
    const hostile = [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '\\/evil.example',
      '/\\/evil.example',
      'https://evil.example',
      'HTTPS://evil.example/',
      'http:evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '%2F%2Fevil.example',
      '/%5Cevil.example',
      '/%5cevil.example',
      '/%255Cevil.example', // decoded twice further on
      '/%252F%252Fevil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/%09/evil.example',
      '/%0a/evil.example',
      '/\u0000/evil.example',
      '/students\u007f',
      '/.//evil.example',
      '/a/..//evil.example',
      '/%E0%A4%A', // malformed escape
      'evil.example',
      'students',
      '',
      ' /students',
      `/${'a'.repeat(1001)}`,
    ];
    for (const raw of hostile) expect(safeReturnPath(raw), JSON.stringify(raw)).toBe('/');
    for (const raw of [null, undefined, 42, ['/x'], { toString: () => '/x' }]) expect(safeReturnPath(raw)).toBe('/');
  });

  it('uses the fallback it is given', () => {
    expect(safeReturnPath('//evil.example', '/account')).toBe('/account');
  });
});
