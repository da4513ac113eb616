/** The README's heading for the certificate step, as GitHub makes its anchor. */
export const README_CERTIFICATE_ANCHOR = 'one-step-for-browsers-the-local-certificate';
export const README_CERTIFICATE_HEADING = 'One step for browsers: the local certificate';

export interface HintEndpoints {
  graphqlUrl: string;
  realtimeUrl: string | null;
}

/**
 * Locally the API is https:// (aws-amplify v6 dials wss:// for real time whatever the page's
 * scheme, so amplify_outputs.json names the TLS endpoint). A page opened over http:// whose browser
 * has not accepted the local certificate loads, signs in (cognito-local is plain http), and then
 * every query fails with aws-amplify's bare "A network error has occurred". A page served from the
 * API's own origin has accepted the certificate already, so only another origin is probed: one
 * no-cors request, which a TLS failure rejects and any HTTP answer resolves.
 */
export function showCertificateHintIfUnreachable(endpoints: HintEndpoints): void {
  const api = new URL(endpoints.graphqlUrl);
  if (api.origin === location.origin || api.protocol !== 'https:') return;
  fetch(api, { method: 'HEAD', mode: 'no-cors', cache: 'no-store' }).then(
    () => undefined,
    () => document.body.prepend(certificateHint(endpoints)),
  );
}

/** The https:// address of this same page on the API's origin: where accepting the certificate takes one click. */
export function securePageUrl(graphqlUrl: string, page: Location | URL): string {
  const api = new URL(graphqlUrl);
  return new URL(`${page.pathname}${page.search}${page.hash}`, api.origin).toString();
}

function certificateHint(endpoints: HintEndpoints): HTMLElement {
  const secure = securePageUrl(endpoints.graphqlUrl, location);
  const hint = document.createElement('div');
  hint.className = 'banner offline cert-hint';
  hint.id = 'certificate-hint';
  hint.setAttribute('role', 'alert');
  const text = (value: string): Text => document.createTextNode(value);
  const code = (value: string): HTMLElement => Object.assign(document.createElement('code'), { textContent: value });
  const link = Object.assign(document.createElement('a'), { href: secure, textContent: secure });
  hint.append(
    text(`This page cannot reach the API. It is open at ${location.origin}, but the apps call `),
    code(endpoints.graphqlUrl),
    ...(endpoints.realtimeUrl ? [text(' and '), code(endpoints.realtimeUrl)] : []),
    text(', and this browser has not accepted the local certificate yet. Open '),
    link,
    text(' once and accept it (Chrome: Advanced → Proceed), or import .local/tls/ca.pem. See the README, '),
    code(`#${README_CERTIFICATE_ANCHOR}`),
    text(` (“${README_CERTIFICATE_HEADING}”).`),
  );
  return hint;
}
