import { messageFor } from './errors';

/**
 * A panel of the page that runs one action at a time: while it runs, its controls are disabled
 * (`busy`), and a failure becomes its own message (`error`), shown where the panel is. The app
 * passes `changed` so the panel can ask for a render.
 */
export abstract class BusyPanel {
  protected busy = false;
  error = '';

  protected constructor(protected readonly changed: () => void) {}

  protected async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    this.changed();
    try {
      await action();
    } catch (error) {
      this.error = messageFor(error);
    } finally {
      this.busy = false;
      this.changed();
    }
  }
}
