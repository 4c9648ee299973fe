import {
  estimateSpeakingMinutes,
  lengthGuidance,
  type LengthGuidance,
  type LessonType,
} from '@branchbook/model';

export interface SpeakingTime extends LengthGuidance {
  /** Spoken characters (no punctuation or spaces). */
  chars: number;
  /** Whole minutes at 220 字/分钟. */
  minutes: number;
  /** Where the calm length meter draws the usual range and the estimate, in percent of its width. */
  meter: { rangeStart: number; rangeEnd: number; marker: number };
}

/**
 * The editor's length line for a draft: characters, estimated minutes and how they compare with
 * the usual length of the type. The meter's scale runs to a quarter past the usual maximum, so
 * the range sits in the same place while the member writes; a longer text pins the marker at the
 * end (the words say by how much).
 *
 * @example speakingTime('micro', 3000) // { chars: 3000, minutes: 14, verdict: 'within', minMinutes: 5, maxMinutes: 15, … }
 */
export function speakingTime(type: LessonType, chars: number): SpeakingTime {
  const minutes = estimateSpeakingMinutes(chars);
  const guidance = lengthGuidance(type, minutes);
  const scale = guidance.maxMinutes * 1.25;
  const percent = (value: number) => Math.min(100, Math.round((value / scale) * 1000) / 10);
  return {
    ...guidance,
    chars,
    minutes,
    meter: {
      rangeStart: percent(guidance.minMinutes),
      rangeEnd: percent(guidance.maxMinutes),
      marker: percent(minutes),
    },
  };
}
