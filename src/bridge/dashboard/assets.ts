/**
 * The dashboard's stylesheet and its one script, served from memory. Colours keep a contrast of at least 4.5:1
 * (WCAG AA); a status is always a word too, never a colour alone. The script only refreshes the live sessions:
 * every page works without it.
 */
export const stylesheet = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #4d5560; --line: #d0d7de; --card: #f6f8fa;
  --ok: #1a6b2f; --warn: #8a4b00; --bad: #b3261e; --info: #0b5cad; --focus: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #a6b0bb; --line: #3d444d; --card: #161b22;
  --ok: #56d364; --warn: #e3b341; --bad: #ff7b72; --info: #79c0ff; --focus: #79c0ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--info); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; margin: 0; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
nav a[aria-current=page] { font-weight: 700; text-decoration-thickness: 3px; }
.session { margin: 0 0 0 auto; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin-top: 0; } h2 { font-size: 1.2rem; } h3 { font-size: 1.05rem; }
.card { border: 1px solid var(--line); border-radius: 6px; background: var(--card); padding: 0 1rem 1rem; margin-bottom: 1rem; }
.muted { color: var(--muted); font-weight: normal; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; border: 2px solid currentColor; font-weight: 600; }
.badge.ok { color: var(--ok); } .badge.warn { color: var(--warn); } .badge.bad { color: var(--bad); } .badge.info { color: var(--info); }
.error { color: var(--bad); font-weight: 600; } .notice { color: var(--ok); font-weight: 600; }
.cause { color: var(--bad); }
form.inline { display: inline; }
button { font: inherit; padding: .4rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; min-height: 44px; }
button.danger { border-color: var(--bad); color: var(--bad); font-weight: 600; }
button.link { border: 0; background: none; color: var(--info); text-decoration: underline; padding: 0; min-height: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
ul.items { max-height: 20rem; overflow-y: auto; }
.login { display: grid; gap: .5rem; max-width: 24rem; }
.login input { font: inherit; padding: .5rem; min-height: 44px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { .session { margin-left: 0; } main { padding: .5rem; } th, td { padding: .3rem; } }
`;

/** Swaps in the sessions fragment every few seconds; a failed fetch keeps what is shown and tries again. */
export const script = `
(function () {
  var target = document.getElementById('sessions');
  if (!target || !window.fetch) return;
  setInterval(function () {
    fetch('/ui/playing/sessions', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : undefined; })
      .then(function (text) {
        if (text === undefined) return;
        var current = document.getElementById('sessions');
        if (current) current.outerHTML = text;
      })
      .catch(function () {});
  }, 2000);
})();
`;
