/**
 * One self-contained HTML page: inline CSS, the data as embedded JSON, one inline script built
 * from a client function (tools/report/client.ts). No network, no external fonts or scripts.
 *
 * @rule runner.gas-report
 */

const CSS = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #1d1d1f; }
body { margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; background: #fbfbfa; }
h1 { font-size: 20px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 4px; } h3 { font-size: 14px; margin: 18px 0 4px; } h4 { margin: 4px 0; font-size: 13px; }
p { margin: 4px 0; } .meta, .note, .outcome { color: #5f6368; } .problem { color: #b3261e; }
.check.ok { color: #1e6b34; } .check.bad { color: #b3261e; font-weight: 600; }
section.vector { border-top: 1px solid #ddd; margin-top: 24px; }
svg.icicle { width: 100%; display: block; background: #fff; border: 1px solid #e3e3e3; }
svg.icicle g.call { cursor: pointer; } svg.icicle g.call:hover rect { stroke: #1d1d1f; stroke-width: 1.5; }
svg text { font-size: 11px; fill: #1d1d1f; pointer-events: none; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
svg.bars text { font-size: 12px; font-family: system-ui, sans-serif; } svg.bars { width: 100%; background: #fff; border: 1px solid #e3e3e3; }
.toolbar { display: flex; justify-content: space-between; align-items: center; color: #5f6368; margin: 6px 0; }
button { font: inherit; padding: 2px 10px; }
.details { background: #fff; border: 1px solid #e3e3e3; padding: 6px 10px; margin-top: 6px; min-height: 60px; }
table { border-collapse: collapse; margin: 4px 0; } th, td { padding: 2px 10px; border-bottom: 1px solid #eee; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; color: #3c4043; margin: 8px 0; } .key { display: inline-flex; align-items: center; gap: 5px; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; border: 1px solid #fff; } .swatch.oog { background: repeating-linear-gradient(45deg, #f4c7c3 0 3px, #e8a19b 3px 6px); border-color: #b3261e; } .swatch.failed { background: #fff; border: 1.5px solid #b3261e; }
table.charges tr:last-child td { font-weight: 600; } .summary .total { font-size: 16px; } details { margin-top: 6px; }
`

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** JSON safe inside a `<script>` element (no `</script>`, no HTML comment openers). */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/**
 * The page. `client` runs once the document is parsed; it must be self-contained (see
 * client.ts). `__name` is defined because a TypeScript loader may name functions with it.
 */
export function htmlPage(title: string, intro: string, data: unknown, client: () => void): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${escapeHtml(intro)}</p>
<main id="report"></main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>
"use strict";
var __name = function (f) { return f; };
(${client.toString()})();
</script>
</body>
</html>
`
}
