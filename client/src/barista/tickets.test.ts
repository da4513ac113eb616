import { describe, expect, it } from 'vitest';
import { batchTotals, elapsedLabel, elapsedMinutes, milkIsModifier, urgency } from './tickets';
import { PendingMoves } from './pending';

const paidMinutesAgo = (minutes: number, status = 'PAID' as const) => ({ status, createdAt: '2026-01-01T00:00:00Z', paidAt: new Date(Date.UTC(2026, 0, 1, 8) - minutes * 60_000).toISOString() });
const NOW = Date.UTC(2026, 0, 1, 8);

describe('tickets', () => {
  it('counts whole minutes since payment and labels hours', () => {
    expect(elapsedMinutes(paidMinutesAgo(4.9), NOW)).toBe(4);
    expect(elapsedLabel(65)).toBe('1 h 05');
  });

  it('is due from one prep slot, late from two, and a READY ticket is never coloured', () => {
    expect(urgency(paidMinutesAgo(2), 3, NOW)).toBe('ok');
    expect(urgency(paidMinutesAgo(3), 3, NOW)).toBe('due');
    expect(urgency(paidMinutesAgo(6), 3, NOW)).toBe('late');
    expect(urgency({ ...paidMinutesAgo(60), status: 'READY' }, 3, NOW)).toBe('ok');
  });

  it("marks a milk only when it is not the item's default", () => {
    const defaults = new Map([['fw', 'WHOLE']]);
    expect(milkIsModifier({ menuItemId: 'fw', milk: 'OAT' }, defaults)).toBe(true);
    expect(milkIsModifier({ menuItemId: 'fw', milk: 'WHOLE' }, defaults)).toBe(false);
    expect(milkIsModifier({ menuItemId: 'fw', milk: null }, defaults)).toBe(false);
  });

  it('totals quantities by drink across tickets, most first', () => {
    const lines = (...pairs: Array<[string, number]>) => ({ lines: pairs.map(([name, quantity]) => ({ name, quantity, menuItemId: name, size: 'REGULAR', milk: null, unitPrice: 0, lineTotal: 0, extras: [] })) });
    expect(batchTotals([lines(['Latte', 1], ['Flat white', 2]), lines(['Flat white', 1])])).toEqual([
      { name: 'Flat white', quantity: 3 },
      { name: 'Latte', quantity: 1 },
    ]);
  });
});

describe('PendingMoves', () => {
  it('sends after the delay unless undone', async () => {
    const sent: string[] = [];
    const moves = new PendingMoves<string>(() => undefined);
    moves.schedule('a', 'READY', () => sent.push('a'), 10);
    moves.schedule('b', 'READY', () => sent.push('b'), 10);
    moves.undo('a');
    expect(moves.target('a')).toBeUndefined();
    expect(moves.target('b')).toBe('READY');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(sent).toEqual(['b']);
    expect(moves.target('b')).toBeUndefined();
  });
});
