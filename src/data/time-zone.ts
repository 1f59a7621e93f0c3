/**
 * Timestamps written with a UTC offset (`2024-03-10T03:00:00-04:00`) read in one time zone's local
 * time (`data.timeZone`), as pandas' `tz_convert(zone).tz_localize(None)`: hours of the day, days
 * and calendar features then follow the clock the data was made by (a city's electricity load, a
 * shop's orders), where UTC would move them an hour at each daylight-saving change. Offsets come
 * from Intl (the IANA database Node ships), so nothing here needs a table of its own.
 */

const MINUTE = 60_000;
/** A fixed offset as a zone: `+05:30`, `-0400`, `UTC`. */
const FIXED = /^(?:UTC|GMT)?\s*([+-])(\d\d):?(\d\d)$/i;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Minutes east of UTC that a timestamp's text names (`Z`, `UTC`, `+05:30`, `-0400` after a time of
 * day), or undefined for a timestamp without one.
 * @example utcOffsetOf('2024-03-10T03:00:00-04:00') // -240
 */
export function utcOffsetOf(text: string): number | undefined {
  const m = /\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:(Z|UTC|GMT)|([+-])(\d\d):?(\d\d))$/i.exec(text.trim());
  if (!m) return undefined;
  if (m[1]) return 0;
  return (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
}

/**
 * The zone's offset from UTC in minutes at an instant (ms): an IANA name (`America/New_York`), `UTC`,
 * or a fixed offset (`+05:30`). Throws a RangeError for a zone Intl does not know.
 * @example zoneOffset('Europe/Berlin', Date.UTC(2024, 6, 1)) // 120
 */
export function zoneOffset(zone: string, ms: number): number {
  const fixed = FIXED.exec(zone.trim());
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Whether a zone is an IANA name Intl knows, `UTC`, or a fixed offset. */
export function isTimeZone(zone: string): boolean {
  try {
    zoneOffset(zone, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * An instant as the zone's wall clock: a Date whose UTC fields are the local date and time.
 * @example wallClock(new Date('2024-07-01T12:00:00Z'), 'Europe/Berlin').toISOString() // '2024-07-01T14:00:00.000Z'
 */
export function wallClock(d: Date, zone: string): Date {
  return new Date(d.getTime() + zoneOffset(zone, d.getTime()) * MINUTE);
}

/**
 * A wall-clock time (UTC fields = local ones) written with the zone's offset at that time, as ISO
 * 8601 (`2024-03-10T03:00:00-04:00`). A time the clocks skipped gets the offset after the change;
 * one they passed twice, the first.
 * @example withOffset(new Date('2024-07-01T14:00:00Z'), 'Europe/Berlin') // '2024-07-01T14:00:00+02:00'
 */
export function withOffset(wall: Date, zone: string): string {
  const t = wall.getTime();
  // The offsets a day before and a day after: the one whose instant reads back as this wall clock.
  const [before, after] = [zoneOffset(zone, t - 86_400_000), zoneOffset(zone, t + 86_400_000)];
  const offset = [before, after].find((o) => zoneOffset(zone, t - o * MINUTE) === o) ?? after;
  return `${wall.toISOString().slice(0, 19)}${offsetText(offset)}`;
}

/**
 * Minutes east of UTC as ISO 8601 writes them.
 * @example offsetText(-240) // '-04:00'
 */
export function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const DAY = 86_400_000;
/** Minutes since midnight of the clock a timestamp was written in (instant ms, its offset). */
const writtenClock = (t: number, offset: number): number =>
  ((((t + offset * MINUTE) % DAY) + DAY) % DAY) / MINUTE;

/**
 * A column's timestamps written with UTC offsets, as zoneOfOffsets and zoneOfClock need them:
 * [instant ms, offset minutes] of the first and either side of each change of offset, and of each
 * change of the written time of day while it takes at most two values (at most 64 in all).
 */
export class OffsetSamples {
  readonly samples: [number, number][] = [];
  private last: [number, number] | undefined;
  private readonly clocks = new Set<number>();

  note(t: number, offset: number): void {
    const clock = writtenClock(t, offset);
    // Times of day are followed while there are at most two; a third (hourly data) ends it.
    const followClock = this.clocks.size <= 2;
    if (followClock) this.clocks.add(clock);
    const clockChanged = followClock && this.last !== undefined && writtenClock(...this.last) !== clock;
    if ((this.last?.[1] !== offset || clockChanged) && this.samples.length < 64) {
      if (this.last) this.samples.push(this.last);
      this.samples.push([t, offset]);
    }
    this.last = [t, offset];
  }
}

/** Zones tried first when several fit a file's offsets: the ones most data comes from. */
const COMMON = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Madrid',
  'Europe/Helsinki',
  'Europe/Moscow',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

/**
 * The zone in whose local time every sample (OffsetSamples of times written in UTC) is the same time
 * of day (midnight if a zone allows), when they are written at two times of day an hour apart:
 * JavaScript's `toJSON` of local midnights, `…T08:00:00.000Z` in winter and `…T07:00:00.000Z` in
 * summer for Los Angeles. Undefined otherwise, or when no zone fits.
 * @example zoneOfClock([[Date.UTC(2000, 0, 1, 8), 0], [Date.UTC(2000, 6, 1, 7), 0]]) // 'America/Los_Angeles'
 */
export function zoneOfClock(samples: readonly (readonly [number, number])[]): string | undefined {
  const clocks = [...new Set(samples.map(([t, o]) => writtenClock(t, o)))];
  if (clocks.length !== 2 || Math.abs(clocks[0]! - clocks[1]!) !== 60) return undefined;
  // Local midnight first: Denver's 01:00 fits Los Angeles' midnights as well.
  const localClocks = (zone: string) => new Set(samples.map(([t]) => writtenClock(t, zoneOffset(zone, t))));
  const midnight = (zone: string): boolean => {
    const c = localClocks(zone);
    return c.size === 1 && c.has(0);
  };
  const fits = (zone: string): boolean => localClocks(zone).size === 1;
  const zones = [...COMMON, ...Intl.supportedValuesOf('timeZone')];
  return zones.find(midnight) ?? zones.find(fits);
}

/**
 * The zone whose offsets match every [instant ms, offset minutes] pair (a file's timestamps either
 * side of each change of offset), a common one first; undefined when none does.
 * @example zoneOfOffsets([[Date.UTC(2024, 2, 10, 6), -300], [Date.UTC(2024, 2, 10, 7), -240]]) // 'America/New_York'
 */
export function zoneOfOffsets(samples: readonly (readonly [number, number])[]): string | undefined {
  const fits = (zone: string): boolean => samples.every(([t, o]) => zoneOffset(zone, t) === o);
  return COMMON.find(fits) ?? Intl.supportedValuesOf('timeZone').find(fits);
}
