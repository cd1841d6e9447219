'use client';

import { useState } from 'react';
import type { LibraryAlertOptions } from '@/lib/library';
import { UploadPanel } from '@/app/_components/upload-panel';
import { LibraryAlertForm } from './alert-form';

/**
 * The upload panel, then "Alert users" for the files just added: alerting
 * needs the file stored first, so the offer follows each upload.
 */
export function LibraryUploader({ maxFileMb, options }: { maxFileMb: number; options: LibraryAlertOptions }) {
  const [added, setAdded] = useState<{ id: string; name: string }[]>([]);
  return (
    <div className="space-y-4">
      <UploadPanel action="/library/upload" maxFileMb={maxFileMb} onUploaded={setAdded} />
      {added.length > 0 ? (
        <section
          aria-labelledby="library-alert-new-heading"
          className="rounded-xl border border-slate-200 bg-white p-4"
          key={added.map((f) => f.id).join(',')}
        >
          <h3 id="library-alert-new-heading" className="font-semibold text-slate-900">
            Alert users to {added.length === 1 ? `“${added[0]!.name}”` : `the ${added.length} files just added`}
          </h3>
          <div className="mt-3">
            <LibraryAlertForm documentIds={added.map((f) => f.id)} options={options} idPrefix="library-new" />
          </div>
        </section>
      ) : null}
    </div>
  );
}
