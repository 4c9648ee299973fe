/**
 * Rotas of the branch's year (issue 16, seeds 002 and 004): party groups host the monthly theme
 * day in turn (党小组轮流承办), members give the micro lecture in turn (微型党课). Pure: a rota and
 * the current roster give each month's turn; `year-plan.ts` stores the rota in the document.
 *
 * The turn walks the rota's order month by month from its start month, one step a month, passing
 * over whoever cannot take it that month — marked absent for the year or for that month (a group
 * on the dig, a member on leave), or no longer in the roster (a group dissolved, a member removed
 * or moved to another branch). So marking someone absent in July leaves January to June as they
 * were and moves everyone after them one month on. A month's manual pick replaces that month's
 * turn only; the walk goes on as if it had not been made, so one change never reshuffles the year.
 */
export interface Rota {
  /** The first month (1–12) with a turn; earlier months have none. */
  start: number;
  /** Group ids or member ids, in turn order. */
  order: readonly string[];
  /** Absent for the whole year: never given a turn. */
  absent: readonly string[];
  /** Absent in one month: `month → ids`. */
  absentIn: Readonly<Record<number, readonly string[]>>;
  /** A month's manual pick: `month → id`. */
  overrides: Readonly<Record<number, string>>;
}

export interface Turn {
  month: number;
  /** Whose turn it is; null when nobody can take it (or before the start month). */
  id: string | null;
  /** The month's manual pick, not the walk's. */
  overridden: boolean;
  /** Whom the walk gives the month (what the manual pick replaced). */
  walked: string | null;
}

export const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

export function isMonth(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 12;
}

/**
 * Every month's turn. `roster`: the ids that exist now (the branch's party groups, or its
 * members); null when not known on this device — then nobody is passed over for it.
 *
 * @example rotaTurns({ start: 1, order: ['g1', 'g2'], absent: [], absentIn: {}, overrides: {} }, null)
 * // g1 in January, g2 in February, g1 in March …
 */
export function rotaTurns(rota: Rota, roster: readonly string[] | null): Turn[] {
  const inRoster = (id: string) => roster === null || roster.includes(id);
  const order = rota.order.filter((id, i) => rota.order.indexOf(id) === i && inRoster(id));
  const yearAbsent = new Set(rota.absent);
  let next = 0;
  return MONTHS.map((month) => {
    let walked: string | null = null;
    if (month >= rota.start) {
      const away = new Set(rota.absentIn[month] ?? []);
      for (let step = 0; step < order.length; step++) {
        const id = order[(next + step) % order.length] as string;
        if (yearAbsent.has(id) || away.has(id)) continue;
        walked = id;
        next = (next + step + 1) % order.length;
        break;
      }
    }
    const pick = rota.overrides[month];
    // A pick of someone no longer in the roster is stale: the walk's turn stands.
    const overridden = pick !== undefined && pick !== '' && inRoster(pick);
    return { month, id: overridden ? pick : walked, overridden, walked };
  });
}

/** Whose turn it is in `month` (1–12); see `rotaTurns`. */
export function rotaFor(rota: Rota, month: number, roster: readonly string[] | null): Turn {
  const turn = rotaTurns(rota, roster)[month - 1];
  if (!turn) throw new RangeError(`not a month: ${month}`);
  return turn;
}

/**
 * The order for next year that carries the turn on where this year's ends: it starts with whoever
 * the walk would give the month after December (January of next year), then the rest in turn.
 */
export function continuedOrder(rota: Rota, roster: readonly string[] | null): string[] {
  const order = rota.order.filter((id, i) => rota.order.indexOf(id) === i);
  const last = [...rotaTurns(rota, roster)].reverse().find((turn) => turn.walked !== null);
  if (!last?.walked) return order;
  const at = order.indexOf(last.walked) + 1;
  return [...order.slice(at), ...order.slice(0, at)];
}
