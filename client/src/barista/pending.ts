/**
 * Undo for the tablet. The server has no "un-ready" (a READY order has already told the customer),
 * so undo is a delay before the move is sent, as kitchen displays do: the ticket shows the move
 * with an Undo button for UNDO_MS, and only then is the mutation sent.
 */
export const UNDO_MS = 5000;

export class PendingMoves<Target> {
  private readonly moves = new Map<string, { target: Target; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly changed: () => void) {}

  schedule(id: string, target: Target, send: () => void, delayMs = UNDO_MS): void {
    this.undo(id);
    const timer = setTimeout(() => {
      this.moves.delete(id);
      send();
      this.changed();
    }, delayMs);
    this.moves.set(id, { target, timer });
    this.changed();
  }

  undo(id: string): void {
    const move = this.moves.get(id);
    if (!move) return;
    clearTimeout(move.timer);
    this.moves.delete(id);
    this.changed();
  }

  target(id: string): Target | undefined {
    return this.moves.get(id)?.target;
  }
}
