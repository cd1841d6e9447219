/** Monitoring as the profile shows it. */

/** A category lozenge: the school's colour and the text colour derived from it. */
export interface MonitoringLozenge {
  categoryId: string;
  name: string;
  colour: string;
  textColour: string;
}

/** A category on the Edit information tab: tick to monitor, untick to stop. */
export interface MonitoringOption extends MonitoringLozenge {
  parentName: string | null;
  archived: boolean;
  /** The running period, if the pupil is monitored in this category now. */
  running: { startedOn: string } | null;
}

export interface MonitoringPeriodView {
  id: string;
  category: MonitoringLozenge & { parentName: string | null };
  startedOn: string;
  endedOn: string | null;
  /** "David Okafor", "Bulk update by David Okafor", "An incident". */
  startedBy: string;
  endedBy: string | null;
}
