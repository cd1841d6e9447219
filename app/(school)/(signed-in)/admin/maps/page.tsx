import { BODY_VIEWBOX, MapDrawing } from '@/app/_components/body-outline';
import { listMapsForAdmin } from '@/lib/admin';
import { AdminPageHeader } from '../_components/page-header';
import { requireAdminPage } from '../admin-page';
import { moveMapAction, setMapEnabledAction } from './actions';
import { MapRenameForm } from './rename-form';
import { MapUploadForm } from './upload-form';

export const metadata = { title: 'Maps' };

const smallButton =
  'inline-flex min-h-11 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50';

const DONE: Record<string, string> = {
  added: 'The map is uploaded. It is offered on the add-incident form.',
  disabled: 'The map is disabled. It is no longer offered; incidents that used it still show it.',
  enabled: 'The map is enabled. It is offered on the add-incident form again.',
  moved: 'The order is saved. The add-incident form offers your maps in this order, after the body maps.',
};

/** Admin → Maps: the body maps and the school's own, each switched off or on, and a new map uploaded. */
export default async function MapsPage({ searchParams }: { searchParams: Promise<{ done?: string }> }) {
  const ctx = await requireAdminPage();
  const maps = await listMapsForAdmin(ctx);
  const done = DONE[(await searchParams).done ?? ''];
  const uploaded = maps.filter((m) => m.image).map((m) => m.id);
  return (
    <div className="space-y-6">
      <AdminPageHeader
        title="Maps"
        intro="Where staff mark what they saw on the add-incident form: the body maps and your school's own pictures (a site plan, a classroom). A disabled map is no longer offered; incidents that used it keep it."
      />
      {done ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
          {done}
        </p>
      ) : null}
      <ul aria-label="Maps" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {maps.map((m) => (
          <li
            key={m.id}
            className={`flex gap-3 rounded-2xl border bg-white p-4 shadow-sm ${m.enabled ? 'border-slate-200' : 'border-dashed border-slate-300'}`}
          >
            <div className="w-24 shrink-0">
              {m.image ? (
                // A plain img: the image optimiser would fetch the picture without the person's session.
                // eslint-disable-next-line @next/next/no-img-element
                <img
                  src={m.image.src}
                  alt=""
                  width={m.image.width}
                  height={m.image.height}
                  className={`h-auto w-full rounded-lg border border-slate-200 ${m.enabled ? '' : 'opacity-50'}`}
                />
              ) : (
                <svg
                  viewBox={`0 0 ${BODY_VIEWBOX.width} ${BODY_VIEWBOX.height}`}
                  aria-hidden="true"
                  className={`mx-auto h-auto w-12 ${m.enabled ? '' : 'opacity-50'}`}
                >
                  <MapDrawing map={m} />
                </svg>
              )}
            </div>
            <div className="min-w-0 flex-1 space-y-2">
              <h2 className="font-semibold break-words text-slate-900">{m.title}</h2>
              <p className="text-sm text-slate-600">
                {m.image ? 'Uploaded' : 'Built in'} ·{' '}
                {m.enabled ? (
                  <span className="text-emerald-800">Offered</span>
                ) : (
                  <span className="font-medium text-slate-800">Disabled</span>
                )}
              </p>
              <div className="flex flex-wrap gap-2">
                <form action={setMapEnabledAction}>
                  <input type="hidden" name="mapId" value={m.id} />
                  <input type="hidden" name="enabled" value={m.enabled ? 'off' : 'on'} />
                  <button type="submit" className={smallButton}>
                    {m.enabled ? 'Disable' : 'Enable'}
                    <span className="sr-only"> {m.title}</span>
                  </button>
                </form>
                {(['up', 'down'] as const).map((direction) => {
                  const at = uploaded.indexOf(m.id);
                  if (at === -1 || (direction === 'up' ? at === 0 : at === uploaded.length - 1)) return null;
                  return (
                    <form key={direction} action={moveMapAction}>
                      <input type="hidden" name="mapId" value={m.id} />
                      <input type="hidden" name="direction" value={direction} />
                      <button type="submit" className={smallButton}>
                        {direction === 'up' ? 'Move up' : 'Move down'}
                        <span className="sr-only"> {m.title}</span>
                      </button>
                    </form>
                  );
                })}
              </div>
              {m.image ? <MapRenameForm mapId={m.id} title={m.title} /> : null}
            </div>
          </li>
        ))}
      </ul>
      <section
        aria-labelledby="upload-heading"
        className="max-w-xl rounded-2xl border border-slate-200 bg-white p-5 shadow-sm"
      >
        <h2 id="upload-heading" className="text-lg font-semibold">
          Upload a map
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          Staff tap the picture to place numbered markers, as on the body map. Pictures are stored encrypted and shown
          only to staff signed in here.
        </p>
        <MapUploadForm />
      </section>
    </div>
  );
}
