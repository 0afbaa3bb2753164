import { relativeTime } from '../../client/durations';
import { type Html, type HtmlValue, html } from './html';

export const pages = [
  { path: '/ui', label: 'Pairs' },
  { path: '/ui/attention', label: 'Needs attention' },
  { path: '/ui/playing', label: 'Now playing' },
  { path: '/ui/library', label: 'Library and Stash' },
  { path: '/ui/health', label: 'Health' },
] as const;

export type PagePath = (typeof pages)[number]['path'];

export interface Viewer {
  /** Presented the admin token (cookie or Bearer): may change things. */
  admin: boolean;
  /** bridge.admin_token is set: a login is possible. */
  loginPossible: boolean;
}

/** When something happened or is due, readable and machine-readable. */
export function when(at: Date | string | undefined, now = new Date()): Html {
  if (at === undefined) return html`—`;
  const date = typeof at === 'string' ? new Date(at) : at;
  return html`<time datetime="${date.toISOString()}" title="${date.toISOString()}">${relativeTime(date, now)}</time>`;
}

export function layout(options: { title: string; active?: PagePath; viewer: Viewer; body: HtmlValue; script?: boolean }): Html {
  const { title, active, viewer, body } = options;
  const nav = pages.map((p) => html`<li><a href="${p.path}"${p.path === active ? html` aria-current="page"` : ''}>${p.label}</a></li>`);
  const session = viewer.admin
    ? html`<form method="post" action="/ui/logout" class="inline"><button type="submit" class="link">Log out</button></form>`
    : viewer.loginPossible
      ? html`<a href="/ui/login?next=${encodeURIComponent(active ?? '/ui')}">Log in to make changes</a>`
      : html`<span>Read-only: set <code>bridge.admin_token</code> to make changes here</span>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · watchsync</title>
<link rel="stylesheet" href="/ui/assets/dashboard.css">
${options.script ? html`<script src="/ui/assets/dashboard.js" defer></script>` : ''}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">watchsync</p>
<nav aria-label="Pages"><ul>${nav}</ul></nav>
<p class="session">${session}</p>
</header>
<main id="main">
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

/** A status word with a colour that is not the only cue (the word says it). */
export function badge(kind: 'ok' | 'warn' | 'bad' | 'info', text: string): Html {
  return html`<span class="badge ${kind}">${text}</span>`;
}

/** A form that posts one action, with hidden fields; the button says what it does. */
export function actionForm(action: string, label: string, fields: Record<string, string | undefined> = {}, style = ''): Html {
  const hidden = Object.entries(fields).map(([name, value]) =>
    value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form method="post" action="${action}" class="inline">${hidden}<button type="submit"${style ? html` class="${style}"` : ''}>${label}</button></form>`;
}
