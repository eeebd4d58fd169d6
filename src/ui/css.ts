// The public site's stylesheet (the site pages and the self-service pages use it). Kept as a
// string in a module, not a file read from disk: every bundler and runner then ships it, and its
// content hash names the URL it is served at (src/ui/stylesheet.ts).

export const SITE_CSS = `/* Public site. Colours meet WCAG 2.2 AA contrast on their backgrounds; every link and button is
   at least 24 px tall; focus is always visible. */
:root {
  --ink: #1b1b1f;
  --muted: #4a4a55;
  --paper: #ffffff;
  --wash: #f4f1ec;
  --link: #1d4ed8;
  --focus: #b45309;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  line-height: 1.55;
  color: var(--ink);
  background: var(--paper);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible, button:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
img { max-width: 100%; height: auto; display: block; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--paper); padding: 0.5rem 1rem; z-index: 10; }
.skip:focus { top: 0.5rem; }
.site-header, .site-footer, main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.site-header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid #d6d3cd; }
.brand { font-weight: 700; font-size: 1.4rem; color: var(--ink); text-decoration: none; min-height: 24px; display: inline-block; }
.site-header ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.site-header a, .pager a, .campaign-links a { display: inline-block; min-height: 24px; min-width: 24px; padding: 0.25rem 0; }
.site-footer { color: var(--muted); border-top: 1px solid #d6d3cd; margin-top: 3rem; }
.grid { list-style: none; padding: 0; margin: 1.5rem 0; display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.card { background: var(--wash); border-radius: 0.75rem; overflow: hidden; height: 100%; }
.card-body { padding: 1rem; }
.card h2, .card h3 { font-size: 1.2rem; margin: 0.25rem 0 0.5rem; }
.card h2 a, .card h3 a { color: var(--ink); }
.kind { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.attribution { color: var(--muted); margin: 0.5rem 0 0; }
.pager { display: flex; gap: 1.5rem; align-items: center; }
.item { max-width: 48rem; }
.item h1 { font-size: 2.2rem; line-height: 1.2; margin: 0.25rem 0; }
.item figure { margin: 1.5rem 0; }
.pull-quote { font-size: 1.35rem; border-left: 4px solid var(--focus); margin: 1.5rem 0; padding-left: 1rem; }
.prose { font-size: 1.1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; color: var(--muted); }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.campaign-links { list-style: none; padding: 0; }
.campaign-header { border-left: 6px solid; padding-left: 1rem; }
.hashtags { color: var(--muted); }
.button { display: inline-block; background: var(--ink); color: var(--paper); padding: 0.6rem 1.2rem; border-radius: 0.5rem; text-decoration: none; min-height: 24px; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
/* Content notes: a plain note, and the item's images blurred until the reader asks for them
   (a checkbox and the sibling selector: no JavaScript needed). */
.content-note { border-left: 4px solid var(--muted); background: var(--wash); padding: 0.75rem 1rem; margin: 1rem 0; }
.content-note p { margin: 0; }
.reveal { width: 1.25rem; height: 1.25rem; margin: 0 0.5rem 0 0; vertical-align: middle; }
.reveal-label { display: inline-block; min-height: 24px; padding: 0.25rem 0; font-weight: 600; }
.reveal:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sensitive figure, .sensitive .card-image { overflow: hidden; }
.sensitive figure img, .sensitive .card-image img { filter: blur(1.75rem); }
.reveal:checked ~ figure img { filter: none; }
.card .note { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
/* A recording: the browser's own player, its length and the transcript folded beside it. */
.listen { background: var(--wash); border-radius: 0.75rem; padding: 1rem; margin: 1.5rem 0; }
.listen h2 { font-size: 1.2rem; margin: 0 0 0.5rem; }
.listen audio { width: 100%; }
.listen .length { color: var(--muted); margin: 0.5rem 0; }
.transcript summary { cursor: pointer; font-weight: 600; min-height: 24px; padding: 0.25rem 0; }
.transcript summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
`
