import WebSocket from 'ws';

/**
 * aws-amplify v6 dials `new WebSocket(url, protocols)` on the global constructor, which Node 20
 * lacks. This one is `ws` trusting the runtime's local CA: the certificate check stays on, as it
 * would in a browser that accepted the certificate. Every socket amplify opens is added to `opened`.
 */
export function installTrustingWebSocket(caPem: string, opened: WebSocket[] = []): () => void {
  class TrustingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca: caPem });
      // Lets a test see what amplify's own socket receives and whether amplify reconnected.
      opened.push(this);
    }
  }
  const previous = globalThis.WebSocket;
  globalThis.WebSocket = TrustingWebSocket as unknown as typeof globalThis.WebSocket;
  return () => {
    globalThis.WebSocket = previous;
  };
}

/** Resolves once `condition` holds, checking after each turn of the event loop. */
export async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
