// The pages the bench loads: the same embeds written with the product and with each baseline.
// Every page starts `window.__bench` with the number of embeds the probe (bench/vendor-embed.js)
// waits for. Token endpoints are `/token/<name>?delay=<ms>&ttl=<s>`, the vendor script
// `/embed.js?delay=<ms>`, both served by bench/server.mjs.

/** The page variants, in the order the tables show them. */
export const VARIANTS = {
  product: 'toucan-embed-loader',
  serial: 'serial glue',
  parallel: 'parallel glue',
  perEmbed: 'glue, one token and timer per embed',
  promised: 'parallel glue + per-embed state, events, slots',
};

export const tokenUrl = (name, { delayMs = 0, ttlSeconds = 300 } = {}) =>
  `/token/${encodeURIComponent(name)}?delay=${delayMs}&ttl=${ttlSeconds}`;
export const embedUrl = ({ delayMs = 0 } = {}) => `/embed.js?delay=${delayMs}`;

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A page with `count` embeds of one variant.
 *
 * @param {object} options
 * @param {keyof VARIANTS} options.variant
 * @param {number} options.count number of embeds
 * @param {string[]} options.tokenUrls token endpoints, assigned to the embeds in turn
 * @param {string} options.embedSrc vendor script URL
 * @param {string} [options.head] extra markup for <head>
 */
export function embedPage({ variant, count, tokenUrls, embedSrc, head = '' }) {
  const probe = `<script>window.__bench = { expected: ${count}, ready: 0, refreshed: 0, readyAt: null, refreshedAt: null };</script>`;
  const items = Array.from({ length: count }, (_, index) => ({
    id: `d-${index + 1}`,
    tokenUrl: tokenUrls[index % tokenUrls.length],
  }));
  let scripts;
  let body;
  if (variant === 'product') {
    scripts = '<script type="module" src="/dist/toucan-embed-loader.js"></script>';
    body = items
      .map(
        ({ id, tokenUrl }) =>
          `<toucan-dashboard token-endpoint="${escape(tokenUrl)}" embed-src="${escape(embedSrc)}" dashboard-id="${id}"></toucan-dashboard>`,
      )
      .join('\n');
  } else {
    const config = {
      tokenUrl: tokenUrls[0],
      embedSrc,
      tag: 'tc-dashboard',
      perEmbed: variant === 'perEmbed',
      promises: variant === 'promised',
    };
    const file = variant === 'serial' ? 'glue-serial.js' : 'glue-parallel.js';
    scripts = `<script type="application/json" id="bench-config">${JSON.stringify(config)}</script>
<script type="module" src="/bench/${file}"></script>`;
    body = items
      .map(({ id, tokenUrl }) => `<div class="embed" data-dashboard-id="${id}" data-token-url="${escape(tokenUrl)}"></div>`)
      .join('\n');
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bench: ${VARIANTS[variant]} × ${count}</title>
${probe}
${head}
${scripts}
</head>
<body>
${body}
</body>
</html>
`;
}

/** An empty page that loads the product and the vendor script, for mount cycles. */
export function mountPage({ embedSrc }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bench: mount cycles</title>
<script>window.__bench = { expected: 0, ready: 0, refreshed: 0, readyAt: null, refreshedAt: null };</script>
<script type="module" src="${escape(embedSrc)}"></script>
<script type="module" src="/dist/toucan-embed-loader.js"></script>
</head>
<body></body>
</html>
`;
}
