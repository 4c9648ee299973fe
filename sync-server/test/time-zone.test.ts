import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isTimeZone, monthIn } from '../src/time-zone.ts';
import { ConfigError, configFromEnv } from '../src/config.ts';

describe("the institution's month", () => {
  it('is Beijing time: 17:30 UTC on 31 December 2026 is January 2027 there', () => {
    const instant = new Date('2026-12-31T17:30:00Z');
    expect(monthIn('Asia/Shanghai', instant)).toBe('2027-01');
    expect(monthIn('UTC', instant)).toBe('2026-12');
    expect(monthIn('Asia/Shanghai', new Date('2026-05-31T15:59:59Z'))).toBe('2026-05');
    expect(monthIn('Asia/Shanghai', new Date('2026-05-31T16:00:00Z'))).toBe('2026-06');
  });

  it('comes from TZ, Asia/Shanghai when unset, and a zone Intl does not know is refused', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(configFromEnv({}).timeZone).toBe('Asia/Shanghai');
    expect(configFromEnv({ TZ: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => configFromEnv({ TZ: 'Mars/Olympus' })).toThrow(ConfigError);
  });
});
