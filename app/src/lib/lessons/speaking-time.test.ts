import { describe, expect, it } from 'vitest';
import { speakingTime } from './speaking-time.ts';

describe('speakingTime', () => {
  it('estimates a 3,000-character micro lecture at 14 minutes, within 5–15', () => {
    expect(speakingTime('micro', 3000)).toEqual({
      chars: 3000,
      minutes: 14,
      minMinutes: 5,
      maxMinutes: 15,
      verdict: 'within',
      meter: { rangeStart: 26.7, rangeEnd: 80, marker: 74.7 },
    });
  });

  it('says a short standard lecture is under the usual 45–60 minutes', () => {
    const time = speakingTime('standard', 4400);
    expect(time.minutes).toBe(20);
    expect(time.verdict).toBe('under');
    expect([time.minMinutes, time.maxMinutes]).toEqual([45, 60]);
  });

  it('pins the marker at the end of the meter for a long text', () => {
    const time = speakingTime('micro', 10_000);
    expect(time.verdict).toBe('over');
    expect(time.meter.marker).toBe(100);
  });

  it('is zero for an empty text', () => {
    const time = speakingTime('integrity', 0);
    expect(time.minutes).toBe(0);
    expect(time.meter.marker).toBe(0);
    expect(time.verdict).toBe('under');
  });
});
