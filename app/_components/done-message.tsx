const MESSAGES: Record<string, string> = {
  recorded: 'The incident is recorded. It is highlighted below.',
  pinned: 'The incident is pinned to the top.',
  unpinned: 'The incident is no longer pinned.',
  restored: 'The incident is restored.',
  deleted: 'The incident is deleted. Those who can edit incidents can still see it and restore it.',
  edited: 'Your changes are saved as a new version.',
  merged: 'The incidents are merged.',
  action: 'The action is saved.',
  split: 'The action is now an incident of its own.',
  'action-edited': 'Your changes to the action are saved as a new version.',
  'action-deleted': 'The action is deleted.',
  'action-restored': 'The action is restored.',
  'added-to-linked': 'The action is added to the linked pupils’ records.',
};

/** The confirmation after a change to an incident (`?done=`), announced to screen readers. */
export function DoneMessage({ done }: { done: string | undefined }) {
  const message = done ? MESSAGES[done] : undefined;
  if (!message) return null;
  return (
    <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-emerald-900">
      {message}
    </p>
  );
}
