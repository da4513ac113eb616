import { describe, expect, it } from 'vitest';
import type { OrderFieldsFragment, OrderStatus } from '../../../generated/client-operations';
import { Board } from './board';

function order(id: string, status: OrderStatus, version: number, paidAt = `2026-01-01T08:00:0${id.length}Z`): OrderFieldsFragment {
  return {
    id,
    orderNumber: 1,
    businessDate: '2026-01-01',
    customerId: 'c',
    pickupName: 'John',
    pickupSlot: null,
    notes: null,
    itemCount: 1,
    total: 300,
    currency: 'EUR',
    status,
    statusReason: null,
    version,
    createdAt: '2026-01-01T08:00:00Z',
    updatedAt: '2026-01-01T08:00:00Z',
    paidAt,
    readyAt: null,
    collectedAt: null,
    queuePosition: null,
    estimatedReadyAt: null,
    lines: [],
    payment: null,
  };
}

describe('the barista board', () => {
  it('puts a newly paid order in the paid column and reports it as new', () => {
    const board = new Board();
    expect(board.apply(order('a', 'PAID', 2))).toBe('new');
    expect(board.column('PAID').map((o) => o.id)).toEqual(['a']);
  });

  it('moves an order between columns as its status advances', () => {
    const board = new Board();
    board.apply(order('a', 'PAID', 2));
    expect(board.apply(order('a', 'PREPARING', 3))).toBe('moved');
    expect(board.column('PAID')).toEqual([]);
    expect(board.column('PREPARING').map((o) => o.id)).toEqual(['a']);
  });

  it('ignores an older version that arrives after a newer one, as a catch-up after a reconnect can deliver', () => {
    const board = new Board();
    board.apply(order('a', 'READY', 4));
    expect(board.apply(order('a', 'PAID', 2))).toBe('stale');
    expect(board.column('READY').map((o) => o.id)).toEqual(['a']);
  });

  it('drops collected and cancelled orders from the board', () => {
    const board = new Board();
    board.apply(order('a', 'READY', 4));
    board.apply(order('b', 'PAID', 2));
    expect(board.apply(order('a', 'COLLECTED', 5))).toBe('removed');
    expect(board.apply(order('b', 'CANCELLED', 3))).toBe('removed');
    expect([...board.column('PAID'), ...board.column('READY')]).toEqual([]);
  });

  it('lists the order that has waited longest first', () => {
    const board = new Board();
    board.apply(order('late', 'PAID', 2, '2026-01-01T08:05:00Z'));
    board.apply(order('early', 'PAID', 2, '2026-01-01T08:01:00Z'));
    expect(board.column('PAID').map((o) => o.id)).toEqual(['early', 'late']);
  });
});
