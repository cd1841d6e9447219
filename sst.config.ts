/// <reference path="./.sst/platform/config.d.ts" />
/**
 * The serverless deployment (SST v3 on AWS): the Next.js site on the root
 * domain and every school subdomain, file storage in S3, envelope keys in KMS,
 * mail through SES, the database on Neon, and one Cron per job calling the same
 * job code as `npm run job`. SST generates the $config/sst/aws types at deploy
 * time, so this file is kept out of the app's typecheck; tests/unit/sst-config
 * checks that it parses and that every handler it names exists.
 *
 * Deploy: set the database secret once (`npx sst secret set NeonDatabaseUrl …`), then `HAVEN_ROOT_DOMAIN=haven.example.org npx sst deploy --stage production`.
 */
export default $config({
  app(input) {
    return {
      name: 'haven',
      home: 'aws',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
    };
  },
  async run() {
    const { JOB_SCHEDULES } = await import('./lib/jobs/schedule');
    const rootDomain = process.env.HAVEN_ROOT_DOMAIN ?? 'haven.example.org';

    const files = new sst.aws.Bucket('Files', { access: undefined });
    const fileKey = new aws.kms.Key('FileKey', {
      description: 'Haven: wraps the data key of every stored file',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    const email = new sst.aws.Email('Mail', { sender: rootDomain });
    const neonUrl = new sst.Secret('NeonDatabaseUrl');
    const upnMatchSecret = new sst.Secret('UpnMatchSecret');

    const environment = {
      APP_ROOT_DOMAIN: rootDomain,
      APP_PROTOCOL: 'https',
      DATABASE_URL: neonUrl.value,
      DATABASE_DRIVER: 'neon',
      STORAGE_DRIVER: 's3',
      S3_BUCKET: files.name,
      KEY_PROVIDER: 'kms',
      KMS_KEY_ID: fileKey.arn,
      MAIL_DRIVER: 'ses',
      MAIL_FROM: `Haven <no-reply@${rootDomain}>`,
      SCHEDULER: 'external',
      UPN_MATCH_SECRET: upnMatchSecret.value,
    };
    const kmsPermissions = [{ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [fileKey.arn] }];
    const link = [files, email, neonUrl, upnMatchSecret];

    new sst.aws.Nextjs('Site', {
      domain: { name: rootDomain, aliases: [`*.${rootDomain}`] },
      environment,
      link,
      permissions: kmsPermissions,
    });

    for (const s of JOB_SCHEDULES) {
      const exportName = s.job.replace(/-([a-z])/g, (_m: string, c: string) => c.toUpperCase());
      new sst.aws.Cron(`Job-${s.job}`, {
        schedule: s.awsSchedule,
        function: {
          handler: `lib/jobs/lambda.${exportName}`,
          // The job code is server code: its `server-only` imports resolve to the empty module only under the
          // react-server condition (as in Next.js and `npm run job`); without it the handler throws at start.
          nodejs: { esbuild: { conditions: ['react-server'] } },
          timeout: '5 minutes',
          environment,
          link,
          permissions: kmsPermissions,
        },
      });
    }
  },
});
