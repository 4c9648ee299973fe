import { describe, expect, it } from 'vitest';
import { continuedOrder, rotaFor, rotaTurns, type Rota } from './rota.ts';

const rota = (patch: Partial<Rota> = {}): Rota => ({
  start: 1,
  order: ['g1', 'g2', 'g3'],
  absent: [],
  absentIn: {},
  overrides: {},
  ...patch,
});
const ids = (r: Rota, roster: readonly string[] | null = null) =>
  rotaTurns(r, roster).map((t) => t.id);

describe('rotaFor: party groups host the theme day in turn', () => {
  it('goes round the order a month at a time', () => {
    expect(ids(rota())).toEqual([
      ...['g1', 'g2', 'g3', 'g1', 'g2', 'g3'],
      ...['g1', 'g2', 'g3', 'g1', 'g2', 'g3'],
    ]);
    expect(rotaFor(rota(), 12, null)).toEqual({
      month: 12,
      id: 'g3',
      overridden: false,
      walked: 'g3',
    });
  });

  it('starts at its start month', () => {
    expect(ids(rota({ start: 3 })).slice(0, 5)).toEqual([null, null, 'g1', 'g2', 'g3']);
  });

  it('passes over a group no longer in the roster (dissolved) and one absent for the year', () => {
    expect(ids(rota(), ['g1', 'g3']).slice(0, 4)).toEqual(['g1', 'g3', 'g1', 'g3']);
    expect(ids(rota({ absent: ['g1'] }), ['g1', 'g2', 'g3']).slice(0, 4)).toEqual([
      'g2',
      'g3',
      'g2',
      'g3',
    ]);
    // Groups formed since join the walk once the committee puts them in the order; until then
    // the roster alone gives them no turn.
    expect(ids(rota(), ['g1', 'g2', 'g3', 'g4']).slice(0, 4)).toEqual(['g1', 'g2', 'g3', 'g1']);
    expect(ids(rota({ order: ['g1', 'g2', 'g3', 'g4'] }), ['g1', 'g2', 'g3', 'g4'])[3]).toBe('g4');
  });

  it('moves everyone on a month when a group is away for one month, leaving earlier months be', () => {
    const before = ids(rota());
    const after = ids(rota({ absentIn: { 7: ['g1'] } }));
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
    // July was g1's: g2 takes it, and the walk goes on from there.
    expect(after.slice(6, 10)).toEqual(['g2', 'g3', 'g1', 'g2']);
  });

  it('gives nobody a month in which everyone is away, and does not advance over it', () => {
    const turns = ids(rota({ absentIn: { 2: ['g1', 'g2', 'g3'] } }));
    expect(turns.slice(0, 4)).toEqual(['g1', null, 'g2', 'g3']);
    expect(ids(rota(), []).every((id) => id === null)).toBe(true);
    expect(ids(rota({ order: [] })).every((id) => id === null)).toBe(true);
  });

  it('takes a month’s manual pick for that month only', () => {
    const r = rota({ overrides: { 5: 'g3' } });
    expect(rotaFor(r, 5, null)).toEqual({ month: 5, id: 'g3', overridden: true, walked: 'g2' });
    expect(ids(r).slice(3, 7)).toEqual(['g1', 'g3', 'g3', 'g1']);
    // A pick outlives absence (chosen on purpose), not removal (stale).
    expect(rotaFor(rota({ overrides: { 1: 'g2' }, absent: ['g2'] }), 1, null).id).toBe('g2');
    expect(rotaFor(rota({ overrides: { 1: 'g2' } }), 1, ['g1', 'g3'])).toMatchObject({
      id: 'g1',
      overridden: false,
    });
  });

  it('reads an order that lists someone twice as listing them once', () => {
    expect(ids(rota({ order: ['g1', 'g2', 'g1'] })).slice(0, 3)).toEqual(['g1', 'g2', 'g1']);
  });

  it('refuses a month that is not one', () => {
    expect(() => rotaFor(rota(), 13, null)).toThrow(RangeError);
  });
});

describe('rotaFor: members give the micro lecture in turn, over a changing roster', () => {
  const members = ['u-li', 'u-wang', 'u-zhao', 'u-sun', 'u-zhou'];
  const lectures = rota({ start: 2, order: members });

  it('follows the roster as it is now: a removed member is passed over, the rest close up', () => {
    expect(ids(lectures, members).slice(1, 7)).toEqual([
      'u-li',
      'u-wang',
      'u-zhao',
      'u-sun',
      'u-zhou',
      'u-li',
    ]);
    const withoutZhao = members.filter((m) => m !== 'u-zhao');
    expect(ids(lectures, withoutZhao).slice(1, 7)).toEqual([
      'u-li',
      'u-wang',
      'u-sun',
      'u-zhou',
      'u-li',
      'u-wang',
    ]);
  });

  it('with no roster on this device, passes over nobody for it', () => {
    expect(rotaFor(lectures, 4, null).id).toBe('u-zhao');
  });

  it('skips a member on leave in her month, and the override names a stand-in', () => {
    const onLeave = rota({ ...lectures, absentIn: { 3: ['u-wang'] } });
    expect(ids(onLeave, members).slice(1, 5)).toEqual(['u-li', 'u-zhao', 'u-sun', 'u-zhou']);
    const standIn = rota({ ...lectures, overrides: { 3: 'u-zhou' } });
    expect(ids(standIn, members).slice(1, 5)).toEqual(['u-li', 'u-zhou', 'u-zhao', 'u-sun']);
  });
});

describe('continuedOrder: next year carries the turn on', () => {
  it('starts with whoever comes after December', () => {
    // Twelve months over three groups: December is g3's, so January is g1's again.
    expect(continuedOrder(rota(), null)).toEqual(['g1', 'g2', 'g3']);
    // From February: eleven turns, December is g2's.
    expect(continuedOrder(rota({ start: 2 }), null)).toEqual(['g3', 'g1', 'g2']);
    expect(continuedOrder(rota({ order: ['a', 'b', 'c', 'd', 'e'] }), null)).toEqual([
      'c',
      'd',
      'e',
      'a',
      'b',
    ]);
  });

  it('ignores manual picks and keeps members out of the roster in the order', () => {
    expect(continuedOrder(rota({ overrides: { 12: 'g1' } }), null)).toEqual(['g1', 'g2', 'g3']);
    // With g3 gone, g1 and g2 alternate and December is g2's; g3 stays in the order.
    expect(continuedOrder(rota(), ['g1', 'g2'])).toEqual(['g3', 'g1', 'g2']);
    expect(continuedOrder(rota({ order: [] }), null)).toEqual([]);
  });
});
