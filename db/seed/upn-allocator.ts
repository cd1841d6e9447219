/**
 * Hands out realistic, valid and unique UPNs for one generated school.
 *
 * A UPN is allocated by the first school a child attends, so a secondary's
 * pupils carry the numbers of their feeder primaries, and the year part is the
 * year they started school. Each generated school gets its own block of
 * establishment numbers (from its seed), so two schools generated with
 * different seeds do not share UPNs by accident: a shared UPN is what transfer
 * detection looks for, and tests create one only on purpose.
 */
import { UPN_LETTERS, withUpnCheckLetter } from '@/lib/mis/upn';
import { deriveSeed, type Random } from './random';

const LOCAL_AUTHORITIES = [370, 373, 380, 381, 382, 383, 384, 820, 821, 822, 823, 825, 826, 845, 850, 919, 925, 926];
const FEEDERS = 12;
/** Blocks of FEEDERS establishment numbers between 1000 and 9399. */
const BLOCKS = 700;

export class UpnAllocator {
  private readonly used = new Set<string>();
  private readonly serials = new Map<string, number>();
  private readonly la: number;
  private readonly firstEstablishment: number;

  constructor(
    seed: number,
    private readonly rng: Random,
  ) {
    const h = deriveSeed(seed, 'upn-block');
    this.la = LOCAL_AUTHORITIES[h % LOCAL_AUTHORITIES.length] ?? 383;
    this.firstEstablishment = 1000 + (Math.floor(h / LOCAL_AUTHORITIES.length) % BLOCKS) * FEEDERS;
  }

  /** Reserves a UPN given explicitly (a fixed pupil's) so no generated one repeats it. */
  reserve(upn: string): void {
    this.used.add(upn);
  }

  /**
   * A new UPN for a child who started school in `calendarYear`. Temporary UPNs
   * (last character a letter) are what schools use while waiting for a
   * permanent one, typically for new arrivals from abroad.
   */
  allocate(calendarYear: number, temporary: boolean): string {
    const yy = String(calendarYear % 100).padStart(2, '0');
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const establishment = this.firstEstablishment + this.rng.int(0, FEEDERS - 1);
      const key = `${this.la}${establishment}${yy}`;
      // Serials rise with gaps, as the allocating school's other pupils took the numbers in between.
      const serial = (this.serials.get(key) ?? this.rng.int(0, 40)) + this.rng.int(1, 3);
      if (serial > 999) continue;
      this.serials.set(key, serial);
      const tail = String(serial).padStart(3, '0');
      const body = temporary ? key + tail.slice(0, 2) + this.rng.pick([...UPN_LETTERS]) : key + tail;
      const upn = withUpnCheckLetter(body);
      if (this.used.has(upn)) continue;
      this.used.add(upn);
      return upn;
    }
    throw new Error(`Ran out of UPN serials for ${calendarYear}: too many pupils for one generated school`);
  }
}
