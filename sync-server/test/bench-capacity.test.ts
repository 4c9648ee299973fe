import { describe, expect, it } from 'vitest';
import { climb, judge, type Step, type WindowFacts } from '../bench/capacity.ts';

/** A 4 s window of 1,500 clients at `rate`, two receivers per update, everything as given. */
function facts(rate: number, over: Partial<WindowFacts> = {}): WindowFacts {
  const sent = rate * 1500 * 4;
  return {
    rate,
    clients: 1500,
    windowSeconds: 4,
    sent,
    expected: sent * 2,
    receipts: sent * 2,
    p99Ms: 5,
    serverCpuPct: 50,
    serverCpuWaitMs: 0,
    serverLoopDelayP99Ms: 1,
    loadCpuPct: 40,
    loadCpuWaitMs: 0,
    loadBudgetPct: 100,
    machineBusyPct: 50,
    ...over,
  };
}

describe('capacity: judging one step', () => {
  it('keeps up when every receipt arrived quickly', () => {
    const step = judge(facts(1), 2);
    expect(step).toMatchObject({ keptUp: true, delivered: 1, offeredReceiptsPerSec: 3000 });
    expect(step.receiptsPerSec).toBe(3000);
    expect(step.failure).toBeUndefined();
  });

  it('falls behind below 99 % delivered or above 100 ms p99, and blames a busy server', () => {
    const late = judge(facts(1, { receipts: 0.98 * 12_000, serverCpuPct: 95 }), 2);
    expect(late).toMatchObject({
      keptUp: false,
      failure: { delivery: true, p99: false, blame: 'server' },
    });
    // Busy here means its event loop ran late, whatever its CPU.
    const slow = judge(facts(1, { p99Ms: 101, serverLoopDelayP99Ms: 30 }), 2);
    expect(slow.failure).toEqual({ delivery: false, p99: true, blame: 'server' });
    // Nothing arrived at all: no p99 to speak of, and that is not keeping up either.
    const none = judge(facts(1, { receipts: 0, p99Ms: NaN, serverCpuPct: 99 }), 2);
    expect(none.failure).toEqual({ delivery: true, p99: true, blame: 'server' });
  });

  it('blames the load when it was at its CPU or could not send what it was asked to', () => {
    expect(judge(facts(1, { p99Ms: 300, loadCpuPct: 90 }), 2).failure?.blame).toBe('load');
    expect(judge(facts(1, { p99Ms: 300, sent: 0.9 * 6000 }), 2).failure?.blame).toBe('load');
    // Saturated but still in time: kept up, and marked.
    expect(judge(facts(1, { loadCpuPct: 95 }), 2)).toMatchObject({
      keptUp: true,
      loadSaturated: true,
    });
    // Unpinned, two load processes may use two cores.
    expect(judge(facts(1, { loadCpuPct: 95, loadBudgetPct: 200 }), 2).loadSaturated).toBe(false);
  });

  it("blames the machine when other processes held the server's or the load's CPU", () => {
    const step = judge(facts(1, { p99Ms: 300, serverCpuWaitMs: 800 }), 2);
    expect(step.failure?.blame).toBe('machine');
    // The load fell behind on sending while waiting for its CPU, not using it.
    const crowdedLoad = judge(facts(1, { p99Ms: 300, sent: 5400, loadCpuWaitMs: 800 }), 2);
    expect(crowdedLoad).toMatchObject({ loadSaturated: true, failure: { blame: 'machine' } });
    // At its CPU, it is the load's limit whatever else ran.
    const busyLoad = judge(facts(1, { p99Ms: 300, loadCpuPct: 90, loadCpuWaitMs: 800 }), 2);
    expect(busyLoad.failure?.blame).toBe('load');
  });

  it('does not blame a server that was neither busy nor late', () => {
    // Half a core, loop on time, nothing crowded, the load well within itself: not the server.
    const step = judge(facts(1, { p99Ms: 300 }), 2);
    expect(step.failure?.blame).toBe('machine');
  });

  it('gives the server CPU per 1,000 receipts of the step', () => {
    // 50 % of a core for 3,000 receipts/s: 500 ms per s / 3 = 166.7 ms per 1,000.
    expect(judge(facts(1), 2).serverCpuMsPerThousand).toBe(166.7);
  });
});

/** A server that keeps up with `limit` receipts/s; records the rates asked. */
function server(limit: number, extra: (rate: number) => Partial<WindowFacts> = () => ({})) {
  const rates: number[] = [];
  const measure = (rate: number): Promise<Step> => {
    rates.push(rate);
    const offered = rate * 1500 * 2;
    return Promise.resolve(
      judge(
        facts(rate, {
          p99Ms: offered <= limit ? 5 : 500,
          serverCpuPct: offered <= limit ? 50 : 99,
          ...extra(rate),
        }),
        2,
      ),
    );
  };
  return { rates, measure };
}

describe('capacity: the ladder', () => {
  it('doubles until the server falls behind, then tries once in between', async () => {
    const { rates, measure } = server(5000);
    const capacity = await climb({ start: 0.5, maxSteps: 8, refine: true }, measure);
    // 1,500 · 3,000 · 6,000 (behind) · √(1·2) ≈ 1.414 → 4,242 (kept up).
    expect(rates).toEqual([0.5, 1, 2, 1.414]);
    expect(capacity).toMatchObject({
      capacityReceiptsPerSec: 4242,
      capacityRate: 1.414,
      limitedBy: 'server',
    });
    expect(capacity.steps.map((step) => step.keptUp)).toEqual([true, true, false, true]);
  });

  it('keeps the last good step when the refinement falls behind too', async () => {
    const { rates, measure } = server(3500);
    const capacity = await climb({ start: 0.5, maxSteps: 8, refine: true }, measure);
    expect(rates).toEqual([0.5, 1, 2, 1.414]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: 3000, limitedBy: 'server' });
  });

  it('stops at the step limit and says the capacity is at least that', async () => {
    const { rates, measure } = server(Infinity);
    const capacity = await climb({ start: 0.5, maxSteps: 3, refine: true }, measure);
    expect(rates).toEqual([0.5, 1, 2]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: 6000, limitedBy: 'steps' });
  });

  it('stops when the load saturates and does not call that the capacity', async () => {
    const { rates, measure } = server(Infinity, (rate) => ({ loadCpuPct: rate >= 2 ? 95 : 40 }));
    const capacity = await climb({ start: 0.5, maxSteps: 8, refine: true }, measure);
    expect(rates).toEqual([0.5, 1, 2]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: 6000, limitedBy: 'load' });
  });

  it('retries once a step lost to a crowded CPU', async () => {
    let crowdedOnce = true;
    const { rates, measure } = server(Infinity, (rate) => {
      if (rate !== 1 || !crowdedOnce) return {};
      crowdedOnce = false;
      return { p99Ms: 400, serverCpuWaitMs: 1000 };
    });
    const capacity = await climb({ start: 0.5, maxSteps: 4, refine: true }, measure);
    expect(rates).toEqual([0.5, 1, 1, 2]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: 6000, limitedBy: 'steps' });
  });

  it('ends with the machine named when a rate is crowded out twice', async () => {
    const { rates, measure } = server(Infinity, (rate) =>
      rate === 2 ? { p99Ms: 400, serverCpuWaitMs: 1000 } : {},
    );
    const capacity = await climb({ start: 0.5, maxSteps: 8, refine: true }, measure);
    // 2 twice, then once between 1 and 2.
    expect(rates).toEqual([0.5, 1, 2, 2, 1.414]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: 4242, limitedBy: 'machine' });
  });

  it('has no capacity when even the first step falls behind', async () => {
    const { rates, measure } = server(1000);
    const capacity = await climb({ start: 0.5, maxSteps: 8, refine: true }, measure);
    expect(rates).toEqual([0.5]);
    expect(capacity).toMatchObject({ capacityReceiptsPerSec: null, limitedBy: 'server' });
  });
});
