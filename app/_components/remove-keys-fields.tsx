import type { ReactNode } from 'react';
import { SubmitButton } from './form-controls';

/**
 * The body of "Remove all 2FA devices" (a school administrator's and an
 * operator's): the notice, the box that must be ticked, its error, the button.
 * `whenToDoIt` ends the notice with the care the remover must take.
 */
export function RemoveKeysFields({
  name,
  whenToDoIt,
  errors,
}: {
  name: string;
  whenToDoIt: ReactNode;
  errors: string[] | undefined;
}) {
  return (
    <>
      <div
        id="remove-keys-notice"
        className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      >
        <p className="font-semibold">Notice</p>
        <p className="mt-1">
          This removes every authenticator app and security key of {name}, in every school where they use Haven. They
          keep their password and can still record concerns, but they lose key access at their next click and cannot see
          records until they add a new device under “Security keys”. {whenToDoIt}
        </p>
      </div>
      <div>
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="understood"
            aria-describedby={`remove-keys-notice${errors?.length ? ' remove-keys-error' : ''}`}
            aria-invalid={errors?.length ? true : undefined}
            className="mt-0.5 h-5 w-5 shrink-0 rounded border-slate-400"
          />
          I confirm that I have read and understand this notice
        </label>
        {errors?.length ? (
          <p id="remove-keys-error" className="mt-1 text-sm font-medium text-rose-700">
            {errors.join(' ')}
          </p>
        ) : null}
      </div>
      <SubmitButton variant="danger" pendingLabel="Removing…">
        Remove all 2FA devices
      </SubmitButton>
    </>
  );
}
