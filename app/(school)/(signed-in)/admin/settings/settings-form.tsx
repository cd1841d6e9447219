'use client';

import { useActionState } from 'react';
import {
  controlClass,
  describedBy,
  Field,
  FieldFrame,
  FormMessage,
  SubmitButton,
} from '@/app/_components/form-controls';
import { initialFormState } from '@/lib/http/client';
import type { SchoolSettings } from '@/lib/settings';
import { SelectField } from '../_components/select-field';
import { saveSettingsAction } from './actions';

export function SettingsForm({
  settings,
  timeZone,
  timeZones,
  ssoAvailable,
}: {
  settings: SchoolSettings;
  timeZone: string;
  timeZones: readonly string[];
  /** The providers this Haven deployment is set up for. */
  ssoAvailable: readonly ('microsoft' | 'google')[];
}) {
  const { idleTimeoutMinutes, securityMessage, emailDomainWhitelist: domains } = settings;
  const [state, action] = useActionState(saveSettingsAction, initialFormState);
  const v = (name: string, fallback: string) => (state.done ? fallback : (state.values[name] ?? fallback));
  const messageErrors = state.fieldErrors.securityMessage;
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage message={state.message} tone={state.done ? 'success' : 'error'} />
      <Field
        name="idleTimeoutMinutes"
        label="Blank the screen after (minutes without use)"
        hint="The page is covered after this long without a tap or key; a tap brings it back as it was. Signed-in sessions end on the server after two hours without use."
        inputMode="numeric"
        className="max-w-xs"
        defaultValue={v('idleTimeoutMinutes', String(idleTimeoutMinutes))}
        errors={state.fieldErrors.idleTimeoutMinutes}
      />
      <FieldFrame
        id="field-securityMessage"
        label="Security message"
        hint="Shown to staff at the top of every page."
        errors={messageErrors}
      >
        <textarea
          id="field-securityMessage"
          name="securityMessage"
          rows={2}
          maxLength={300}
          aria-describedby={describedBy('field-securityMessage', 'hint', messageErrors)}
          aria-invalid={messageErrors?.length ? true : undefined}
          defaultValue={v('securityMessage', securityMessage)}
          className={controlClass(messageErrors)}
        />
      </FieldFrame>
      <Field
        name="emailDomainWhitelist"
        label="Staff email domains"
        hint="When set, new users’ and changed addresses must be at one of these domains (separate with commas). Leave empty to allow any."
        autoComplete="off"
        defaultValue={v('emailDomainWhitelist', domains.join(', '))}
        errors={state.fieldErrors.emailDomainWhitelist}
      />
      <SelectField
        name="timeZone"
        label="Time zone"
        hint="Every date and time in Haven is the school’s own in this zone (today, incident times, reset links), from the next page load."
        className="max-w-md"
        defaultValue={v('timeZone', timeZone)}
        options={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))}
        errors={state.fieldErrors.timeZone}
      />
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Pupils’ names</legend>
        <SelectField
          name="nameSource"
          label="Names shown"
          hint="On every page, list, autocomplete, export and PDF."
          className="max-w-md"
          defaultValue={v('nameSource', settings.nameSource)}
          options={[
            { value: 'preferred', label: 'Preferred names (as the pupil is known)' },
            { value: 'legal', label: 'Legal names' },
          ]}
          errors={state.fieldErrors.nameSource}
        />
        <SelectField
          name="nameOrder"
          label="Name format"
          className="max-w-md"
          defaultValue={v('nameOrder', settings.nameOrder)}
          options={[
            { value: 'first-last', label: 'First Last' },
            { value: 'last-first', label: 'Last, First' },
          ]}
          errors={state.fieldErrors.nameOrder}
        />
      </fieldset>
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Who sees which pupils</legend>
        <SelectField
          name="dashboardGroupType"
          label="Dashboard groups"
          hint="The groups key holders filter the dashboard by."
          className="max-w-md"
          defaultValue={v('dashboardGroupType', settings.dashboardGroupType)}
          options={[
            { value: 'tutor', label: 'Tutor groups' },
            { value: 'year', label: 'Year groups' },
          ]}
          errors={state.fieldErrors.dashboardGroupType}
        />
        <SelectField
          name="reportingGroupType"
          label="Main group type for reporting"
          hint="Reports group and filter pupils by these groups."
          className="max-w-md"
          defaultValue={v('reportingGroupType', settings.reportingGroupType)}
          options={[
            { value: 'tutor', label: 'Tutor groups' },
            { value: 'year', label: 'Year groups' },
          ]}
          errors={state.fieldErrors.reportingGroupType}
        />
        <SelectField
          name="classRestrictions"
          label="Class restrictions"
          hint="When on, key holders see only the pupils of the groups they are listed for in Admin → Class restrictions. List your safeguarding team for every class first."
          className="max-w-md"
          defaultValue={v('classRestrictions', settings.classRestrictions)}
          options={[
            { value: 'off', label: 'Off: key holders see every class' },
            { value: 'tutor', label: 'Restrict by tutor group' },
            { value: 'year', label: 'Restrict by year group' },
          ]}
          errors={state.fieldErrors.classRestrictions}
        />
      </fieldset>
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Recording concerns and imports</legend>
        <OnOffField
          name="studentSearchOnAddIncident"
          label="Pupil search on the add-incident form"
          hint="On: anyone who may add incidents can search every pupil on roll there. Off: staff without a key record concerns only from an alert."
          value={v('studentSearchOnAddIncident', settings.studentSearchOnAddIncident ? 'on' : 'off')}
          onFirst={true}
          errors={state.fieldErrors.studentSearchOnAddIncident}
        />
        <OnOffField
          name="enforceAlert"
          label="Require at least one alert on every incident"
          value={v('enforceAlert', settings.enforceAlert ? 'on' : 'off')}
          onFirst={false}
          errors={state.fieldErrors.enforceAlert}
        />
        <OnOffField
          name="disableUsersMissingFromExtract"
          label="Deactivate user accounts that no longer appear in MIS extracts"
          value={v('disableUsersMissingFromExtract', settings.disableUsersMissingFromExtract ? 'on' : 'off')}
          onFirst={false}
          errors={state.fieldErrors.disableUsersMissingFromExtract}
        />
      </fieldset>
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Library and attendance</legend>
        <OnOffField
          name="libraryForNonKeyUsers"
          label="Staff without a key may view the library"
          hint="The library holds the school’s own guidance and documents, never pupils’ records."
          value={v('libraryForNonKeyUsers', settings.libraryForNonKeyUsers ? 'on' : 'off')}
          onFirst={false}
          errors={state.fieldErrors.libraryForNonKeyUsers}
        />
        <Field
          name="attendanceTrendDays"
          label="Attendance trend (days)"
          hint="The windows a pupil’s attendance trend compares with the whole year, in days, separated by commas (up to 5, each 1 to 365)."
          inputMode="numeric"
          autoComplete="off"
          className="max-w-xs"
          defaultValue={v('attendanceTrendDays', settings.attendanceTrendDays.join(', '))}
          errors={state.fieldErrors.attendanceTrendDays}
        />
      </fieldset>
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Document vault</legend>
        <Field
          name="vaultMaxFileMb"
          label="Largest file in the document vault (MB)"
          hint="A whole number from 1 to 500. Larger files are refused with a message naming them. If files are scanned for viruses, the scanner must accept files this large."
          inputMode="numeric"
          autoComplete="off"
          className="max-w-xs"
          defaultValue={v('vaultMaxFileMb', String(settings.vaultMaxFileMb))}
          errors={state.fieldErrors.vaultMaxFileMb}
        />
      </fieldset>
      <fieldset className="space-y-4 border-t border-slate-200 pt-5">
        <legend className="text-lg font-semibold">Sign in with Microsoft or Google</legend>
        {ssoAvailable.length === 0 ? (
          <p className="text-slate-600">
            This Haven is not set up for Microsoft or Google sign-in. Whoever runs it can add it (see the README’s
            configuration).
          </p>
        ) : (
          <>
            <p className="text-slate-600">
              Staff can sign in with the account the school gives them, if its address belongs to an active user here
              and is at one of the domains below. Key holders are still asked for their key.
            </p>
            {ssoAvailable.includes('microsoft') && (
              <OnOffField
                name="ssoMicrosoft"
                label="Sign in with Microsoft"
                value={v('ssoMicrosoft', settings.ssoMicrosoft ? 'on' : 'off')}
                onFirst={false}
                errors={state.fieldErrors.ssoMicrosoft}
              />
            )}
            {ssoAvailable.includes('google') && (
              <OnOffField
                name="ssoGoogle"
                label="Sign in with Google"
                value={v('ssoGoogle', settings.ssoGoogle ? 'on' : 'off')}
                onFirst={false}
                errors={state.fieldErrors.ssoGoogle}
              />
            )}
            <Field
              name="ssoDomains"
              label="Email domains for Microsoft or Google sign-in"
              hint="Only addresses at these domains may sign in this way (separate with commas). List only domains your school’s own Microsoft 365 or Google Workspace account owns."
              autoComplete="off"
              defaultValue={v('ssoDomains', settings.ssoDomains.join(', '))}
              errors={state.fieldErrors.ssoDomains}
            />
          </>
        )}
      </fieldset>
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </form>
  );
}

/** A setting that is on or off, as a select so the form always sends it. */
function OnOffField({
  name,
  label,
  hint,
  value,
  onFirst,
  errors,
}: {
  name: string;
  label: string;
  hint?: string;
  value: string;
  onFirst: boolean;
  errors?: string[];
}) {
  const on = { value: 'on', label: 'On' };
  const off = { value: 'off', label: 'Off' };
  return (
    <SelectField
      name={name}
      label={label}
      hint={hint}
      className="max-w-md"
      defaultValue={value}
      options={onFirst ? [on, off] : [off, on]}
      errors={errors}
    />
  );
}
