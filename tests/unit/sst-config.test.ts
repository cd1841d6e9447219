/**
 * SST writes its own types only when deploying (which needs the network), so
 * sst.config.ts cannot be typechecked here. This checks what can be: it parses,
 * it declares the site, bucket, KMS key, SES, Neon secret and one Cron per
 * scheduled job, and every Lambda handler it names exists as a function,
 * and that the handlers bundle the way SST bundles them (esbuild) without the
 * `server-only` marker that throws when imported outside server code.
 */
import fs from 'node:fs';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { JOB_SCHEDULES } from '@/lib/jobs/schedule';
import { JOBS } from '@/lib/jobs/registry';
import * as lambda from '@/lib/jobs/lambda';

const source = fs.readFileSync('sst.config.ts', 'utf8');

describe('sst.config.ts', () => {
  it('parses as TypeScript', () => {
    const out = ts.transpileModule(source, {
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext },
    });
    expect(out.diagnostics ?? []).toEqual([]);
  });

  it('declares the whole deployment', () => {
    for (const piece of [
      'sst.aws.Nextjs',
      'sst.aws.Bucket',
      'aws.kms.Key',
      'sst.aws.Email',
      "sst.Secret('NeonDatabaseUrl')",
      'sst.aws.Cron',
      'aliases: [`*.${rootDomain}`]',
    ]) {
      expect(source).toContain(piece);
    }
    expect(source).toContain('for (const s of JOB_SCHEDULES)');
    expect(source).toMatch(/handler: `lib\/jobs\/lambda\.\$\{exportName\}`/);
  });

  it('every scheduled job is a registered job with a Lambda handler over the same code', () => {
    expect(JOB_SCHEDULES.length).toBeGreaterThan(0);
    for (const s of JOB_SCHEDULES) {
      expect(JOBS[s.job], s.job).toBeDefined();
      const name = lambda.handlerName(s.job);
      expect(typeof (lambda as unknown as Record<string, unknown>)[name], `lib/jobs/lambda.${name}`).toBe('function');
    }
  });

  it('bundles the job handlers under the react-server condition, so `server-only` does not throw at start', async () => {
    expect(source).toContain("nodejs: { esbuild: { conditions: ['react-server'] } }");
    // The text of server-only's throwing module: present exactly when the condition is missing.
    const marker = 'cannot be imported from a Client Component';
    const bundle = async (conditions: string[]) => {
      const out = await build({
        entryPoints: ['lib/jobs/lambda.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        conditions,
      });
      return out.outputFiles[0]!.text;
    };
    expect(await bundle(['react-server'])).not.toContain(marker);
    expect(await bundle([])).toContain(marker);
  }, 60_000);

  it('every registered job is scheduled', () => {
    expect(Object.keys(JOBS).sort()).toEqual(JOB_SCHEDULES.map((s) => s.job).sort());
  });
});
