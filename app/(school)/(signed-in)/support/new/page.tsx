import { randomUUID } from 'node:crypto';
import Link from 'next/link';
import { requireUserCtx } from '@/lib/http';
import { SupportForm } from './support-form';

export const metadata = { title: 'Contact support' };

export default async function ContactSupportPage() {
  await requireUserCtx();
  return (
    <section className="mx-auto max-w-2xl rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Contact support</h1>
      <p className="mt-1 text-slate-600">
        Ask the people who run Haven for help. You will see their answer in Haven, and we will email you when it is
        there.{' '}
        <Link href="/support" className="text-brand-700 underline underline-offset-2">
          Your requests
        </Link>
      </p>
      <div className="mt-6">
        <SupportForm submissionKey={randomUUID()} />
      </div>
    </section>
  );
}
