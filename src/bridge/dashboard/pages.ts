/** The dashboard's pages, from the views data.ts reads. Every value goes through `html`'s escaping. */
import type { HealthReport } from '../../client/health-checks';
import { type ServerStatus, serverLabel } from '../../client/scrobble-status';
import { describeRecord, nextRetry } from '../../client/unresolved-table';
import { formatWaiting } from '../../client/waiting';
import type { UnresolvedItem } from '../../store/unresolved';
import type { DirectionSummary, FeatureSummary } from '../../workflows/pair-sync-api';
import { type AttentionView, type Failed, isFailed, type LibraryView, type PairState, type PairView, type Part } from './data';
import { type Html, type HtmlValue, html } from './html';
import { actionForm, badge, layout, type Viewer, when } from './layout';

const unavailable = (what: string, part: Failed): Html => html`<p class="error" role="alert">${what} unavailable: ${part.failed}</p>`;

/** Renders a part, or says why it could not be read. */
function partOr<T>(value: Part<T>, what: string, render: (value: T) => HtmlValue): HtmlValue {
  return isFailed(value) ? unavailable(what, value) : render(value);
}

function stateBadge(state: PairState): Html {
  switch (state.kind) {
    case 'green':
      return badge('ok', 'green');
    case 'never-run':
      return badge('info', 'never run');
    case 'failed':
      return html`${badge('bad', 'failed')} <span class="cause">${state.cause}</span>`;
    case 'running':
      return badge('info', `${state.plan ? 'planning' : 'running'}: ${state.phase}`);
    case 'awaiting-approval':
      return badge('warn', `waiting for approval: ${state.removals} removals held`);
    case 'retrying': {
      const first = state.causes[0]!;
      return html`${badge('warn', `retrying ${first.service}`)} since ${when(first.since)}
        <ul class="causes">${state.causes.map((c) => html`<li>${formatWaiting(c)}</li>`)}</ul>`;
    }
  }
}

const direction = (d: DirectionSummary) =>
  html`+${d.added} −${d.removed}${d.unresolved ? html` · ${d.unresolved} unresolved` : ''}${d.held ? html` · ${d.held} held` : ''}`;

function featureTable(features: FeatureSummary[]): HtmlValue {
  if (features.length === 0) return '';
  return html`<div class="scroll"><table>
<caption class="visually-hidden">Counts per feature</caption>
<thead><tr><th scope="col">feature</th><th scope="col">status</th><th scope="col">to target</th><th scope="col">to source</th><th scope="col">frozen</th></tr></thead>
<tbody>${features.map(
    (f) => html`<tr><th scope="row">${f.feature}</th><td>${f.status}${f.error ? html`<br><span class="cause">${f.error}</span>` : ''}</td>
<td>${direction(f.toTarget)}</td><td>${direction(f.toSource)}</td><td>${f.frozen}</td></tr>`,
  )}</tbody></table></div>`;
}

function heldBlock(pair: PairView): HtmlValue {
  const held = pair.held;
  if (!held) return '';
  const base = `/ui/pairs/${encodeURIComponent(pair.id)}`;
  return html`<section class="held" aria-labelledby="held-${pair.id}">
<h3 id="held-${pair.id}">${held.removals} removals held for approval (plan ${held.planId})</h3>
${held.expiresAt ? html`<p>Undecided, they are dropped as expired ${when(held.expiresAt)}.</p>` : ''}
<details><summary>Show the ${held.items.length} titles</summary><ul class="items">${held.items.map(
    (i) => html`<li>${i.title} <span class="muted">(remove from ${i.destination})</span></li>`,
  )}</ul></details>
<p class="actions">${actionForm(`${base}/approve`, 'Approve the removals', {}, 'danger')} ${actionForm(`${base}/reject`, 'Reject them')}</p>
</section>`;
}

function scheduleLine(pair: PairView): HtmlValue {
  const base = `/ui/pairs/${encodeURIComponent(pair.id)}`;
  return partOr(pair.schedule, 'schedule', (schedule) =>
    schedule === undefined
      ? html`<p>No schedule (<code>watchsync schedule set ${pair.id} --every 6h</code>).</p>`
      : schedule.paused
        ? html`<p>Schedule every ${schedule.every}: ${badge('warn', 'paused')} ${actionForm(`${base}/resume`, 'Resume schedule')}</p>`
        : html`<p>Schedule every ${schedule.every}, next run ${when(schedule.next)} ${actionForm(`${base}/pause`, 'Pause schedule')}</p>`,
  );
}

function pairCard(pair: Part<PairView>, index: number): Html {
  if (isFailed(pair)) return html`<section class="card">${unavailable(`pair ${index + 1}`, pair)}</section>`;
  const base = `/ui/pairs/${encodeURIComponent(pair.id)}`;
  const run = pair.running
    ? html`<p>${pair.running.plan ? 'Plan' : 'Sync'} running since ${when(pair.running.startTime)}${pair.running.startedBy ? ` (started by ${pair.running.startedBy})` : ''} · <a href="${pair.running.url}">run in the Temporal UI</a></p>`
    : '';
  const last = pair.lastRun
    ? html`<p>Last ${pair.lastRun.dryRun ? 'plan' : 'run'} ${pair.lastRun.status.toLowerCase()} ${when(pair.lastRun.closeTime ?? pair.lastRun.startTime)} · <a href="${pair.lastRun.url}">run in the Temporal UI</a></p>`
    : html`<p>No run has ended yet.</p>`;
  return html`<section class="card" aria-labelledby="pair-${pair.id}">
<h2 id="pair-${pair.id}">${pair.id} <span class="muted">${pair.source} → ${pair.target}</span></h2>
<p class="state">${stateBadge(pair.state)}</p>
${run}${last}${scheduleLine(pair)}
<p class="actions">${actionForm(`${base}/sync`, 'Sync now')} ${actionForm(`${base}/plan`, 'Dry-run plan')}</p>
${heldBlock(pair)}
${featureTable(pair.features)}
</section>`;
}

export function pairsPage(pairs: Part<PairView>[], viewer: Viewer): Html {
  const body = pairs.length === 0 ? html`<p>No pairs are configured (config <code>pairs</code>).</p>` : pairs.map((p, i) => pairCard(p, i));
  return layout({ title: 'Pairs', active: '/ui', viewer, body });
}

function frozenTable(items: UnresolvedItem[]): HtmlValue {
  if (items.length === 0) return html`<p>No frozen items.</p>`;
  const pairs = [...new Set(items.map((i) => i.pairId))];
  return html`<p class="actions">${pairs.map((pairId) => actionForm('/ui/unresolved/thaw', `Thaw all of ${pairId}`, { pair: pairId }))}</p>
<div class="scroll"><table>
<caption class="visually-hidden">Frozen items</caption>
<thead><tr><th scope="col">pair</th><th scope="col">feature</th><th scope="col">title</th><th scope="col">reason</th><th scope="col">attempts</th><th scope="col">next retry</th><th scope="col"><span class="visually-hidden">action</span></th></tr></thead>
<tbody>${items.map(
    (
      i,
    ) => html`<tr><td>${i.pairId}</td><td>${i.feature} → ${i.destination}</td><td>${describeRecord(i.record) ?? i.itemKey}</td><td>${i.reason}</td><td>${i.attempts}</td>
<td>${nextRetry(i, new Date())}</td>
<td>${actionForm('/ui/unresolved/thaw', 'Thaw', { pair: i.pairId, feature: i.feature, key: i.itemKey })}</td></tr>`,
  )}</tbody></table></div>`;
}

export function attentionPage(view: AttentionView, viewer: Viewer): Html {
  const pairs = view.pairs.filter((p): p is PairView => !isFailed(p));
  const held = pairs.filter((p) => p.held);
  const failed = pairs.filter((p) => p.state.kind === 'failed' || p.state.kind === 'retrying');
  const unreadable = view.pairs.filter(isFailed);
  const { trakt } = view;
  const body = html`
${unreadable.map((p) => unavailable('a pair', p))}
<section aria-labelledby="att-held"><h2 id="att-held">Held removals</h2>
${held.length === 0 ? html`<p>No removals wait for approval.</p>` : held.map((p) => html`<h3>${p.id}</h3>${heldBlock(p)}`)}</section>
<section aria-labelledby="att-failed"><h2 id="att-failed">Failed or retrying runs</h2>
${failed.length === 0 ? html`<p>No run failed.</p>` : html`<ul>${failed.map((p) => html`<li><strong>${p.id}</strong>: ${stateBadge(p.state)}${p.lastRun ? html` · <a href="${p.lastRun.url}">last run</a>` : ''}</li>`)}</ul>`}</section>
<section aria-labelledby="att-frozen"><h2 id="att-frozen">Frozen items</h2>
${partOr(view.frozen, 'frozen items', frozenTable)}</section>
<section aria-labelledby="att-accounts"><h2 id="att-accounts">Account bindings</h2>
${
  view.accountChanged.length === 0
    ? html`<p>Every pair's tokens belong to the accounts it has been syncing.</p>`
    : html`<ul>${view.accountChanged.map((a) => html`<li><strong>${a.pairId}</strong>: ${a.errors.join('; ')}. If intended: <code>watchsync forget ${a.pairId}</code>, then sync again.</li>`)}</ul>`
}</section>
<section aria-labelledby="att-trakt"><h2 id="att-trakt">Trakt login (${trakt.account})</h2>
${partOr(trakt.expiresAt, 'Trakt login', (expiresAt) =>
  expiresAt === undefined
    ? html`<p>${badge('bad', 'not logged in')} Run <code>watchsync auth trakt</code>.</p>`
    : expiresAt.getTime() - Date.now() < 7 * 24 * 3600_000
      ? html`<p>${badge('warn', 'expiring')} The access token expires ${when(expiresAt)}; watchsync refreshes it when it next calls Trakt.</p>`
      : html`<p>${badge('ok', 'logged in')} The access token expires ${when(expiresAt)}.</p>`,
)}
${trakt.refused.map((r) => html`<p>${badge('bad', 'login refused')} in the last run of ${r.pairId}: ${r.errors.join('; ')}. Log in again: <code>watchsync auth trakt</code> for Trakt, <code>watchsync auth plex</code> for Plex.</p>`)}
</section>`;
  return layout({ title: 'Needs attention', active: '/ui/attention', viewer, body });
}

/** The live sessions: the page's content and what the script swaps in when it polls. */
export function sessionsFragment(servers: Part<ServerStatus[]>): Html {
  return html`<div id="sessions" aria-live="polite">${partOr(servers, 'scrobble status', (list) =>
    list.length === 0
      ? html`<p>No scrobble workflow is running (enable <code>scrobble</code> and <code>bridge.watch</code> or <code>bridge.webhook</code>).</p>`
      : list.map((server) =>
          'error' in server
            ? html`<p class="error">Server ${serverLabel(server)}: status query failed: ${server.error}</p>`
            : html`<section aria-label="Plex server ${server.name ?? server.serverUuid}"><h2>Server ${server.name ? html`${server.name} <span class="muted">${server.serverUuid}</span>` : server.serverUuid}</h2>
${
  server.status.sessions.length === 0
    ? html`<p>Nothing is playing.</p>`
    : html`<div class="scroll"><table><caption class="visually-hidden">Live sessions</caption>
<thead><tr><th scope="col">user</th><th scope="col">title</th><th scope="col">progress</th><th scope="col">last Trakt action</th></tr></thead>
<tbody>${server.status.sessions.map(
        (
          s,
        ) => html`<tr><td>${s.user ?? '?'}</td><td>${s.title ?? `ratingKey ${s.ratingKey}`}${s.ignoredBecause ? html`<br><span class="muted">ignored: ${s.ignoredBecause}</span>` : ''}</td>
<td>${s.state === undefined ? s.phase : html`${s.state} <progress max="100" value="${(s.progress ?? 0).toFixed(1)}" aria-label="progress">${(s.progress ?? 0).toFixed(1)}%</progress> ${(s.progress ?? 0).toFixed(1)}%`}</td>
<td>${s.lastAction ? `${s.lastAction.verb} at ${s.lastAction.progress}%` : '—'}</td></tr>`,
      )}</tbody></table></div>`
}
</section>`,
        ),
  )}</div>`;
}

export function playingPage(servers: Part<ServerStatus[]>, viewer: Viewer): Html {
  const body = html`<p class="muted">Updates every few seconds; without JavaScript, reload the page.</p>${sessionsFragment(servers)}`;
  return layout({ title: 'Now playing', active: '/ui/playing', viewer, body, script: true });
}

export function libraryPage(view: LibraryView, viewer: Viewer): Html {
  const sections = partOr(view.sections, 'library import', (list) =>
    list.length === 0
      ? html`<p>No library imported yet (<code>watchsync library import &lt;server&gt;</code>).</p>`
      : html`<div class="scroll"><table><caption class="visually-hidden">Imported libraries</caption>
<thead><tr><th scope="col">server</th><th scope="col">library</th><th scope="col">active</th><th scope="col">missing</th><th scope="col">episodes</th><th scope="col">files</th><th scope="col">unmapped</th><th scope="col">last full import</th><th scope="col">last incremental</th></tr></thead>
<tbody>${list.map(
          (
            s,
          ) => html`<tr><td>${s.serverId}</td><td>${s.title} <span class="muted">(${s.type})</span></td><td>${s.items.active}</td><td>${s.items.missing}</td>
<td>${s.episodes}</td><td>${s.files}</td><td>${s.unmapped}</td><td>${when(s.lastFullImportAt ?? undefined)}</td><td>${when(s.lastIncrementalImportAt ?? undefined)}</td></tr>`,
        )}</tbody></table></div>`,
  );
  const unmapped = partOr(view.unmapped, 'unmapped paths', ({ total, files }) =>
    total === 0
      ? html`<p>Every file's path is mapped.</p>`
      : html`<p>${total} files have no path mapping (library.servers[].path_mappings)${total > files.length ? `; the first ${files.length}:` : ':'}</p>
<ul class="items">${files.map((f) => html`<li><code>${f.plexPath}</code> <span class="muted">(${f.serverId}, library ${f.section})</span></li>`)}</ul>`,
  );
  const stash =
    view.stash === undefined
      ? html`<p>The Stash push is off (<code>stash.enabled</code>).</p>`
      : partOr(
          view.stash,
          'Stash push status',
          (s) => html`<p>${s.running.length} scene pushes pending or running; ${s.frozen.length} frozen scenes.</p>
${s.running.length > 0 ? html`<ul class="items">${s.running.map((r) => html`<li>scene ${r.scene}: ${r.phase}</li>`)}</ul>` : ''}
${s.frozen.length > 0 ? html`<ul class="items">${s.frozen.map((f) => html`<li>scene ${f.itemKey}: ${f.reason} (${f.attempts} attempts)</li>`)}</ul>` : ''}
<p>${
            s.lastReconciliation
              ? html`Last reconciliation ${when(s.lastReconciliation.finishedAt ?? s.lastReconciliation.startedAt)} (scope ${s.lastReconciliation.scope}): ${s.lastReconciliation.scenes} scenes, gaps ${Object.entries(
                  s.lastReconciliation.gaps,
                )
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ')}`
              : 'No reconciliation yet.'
          }</p>`,
        );
  const gaps =
    view.gaps === undefined
      ? ''
      : partOr(view.gaps, 'Stash gaps', (g) =>
          g.total === 0
            ? html`<p>No gaps between Stash and Plex.</p>`
            : html`<p>${g.total} gaps: ${g.byKind['plex-only'] ?? 0} files in Plex only, ${g.byKind['stash-only'] ?? 0} scenes in Stash only.</p>
<ul class="items">${g.listed.map((gap) => html`<li>${gap.kind === 'plex-only' ? `in Plex only: ${gap.plexPath ?? ''}` : `in Stash only: scene ${gap.sceneId} ${gap.stashPath ?? ''}`}</li>`)}</ul>`,
        );
  const imports = partOr(view.imports, 'running library imports', (running) =>
    running.length === 0
      ? ''
      : html`<ul>${running.map(
          ({ workflowId, progress: p }) =>
            html`<li>${badge('info', 'running')} ${workflowId}${
              p
                ? html`: ${p.phase}${p.section ? `, library ${p.section.index} of ${p.section.count} (${p.section.title})` : ''}, items ${p.items.done} of ${p.items.total}${
                    p.awaitingApproval ? html` · ${badge('warn', 'waiting for approval')} (<code>watchsync library approve</code>)` : ''
                  }`
                : ''
            }</li>`,
        )}</ul>`,
  );
  const body = html`<section aria-labelledby="lib-import"><h2 id="lib-import">Library import</h2>${imports}${sections}</section>
<section aria-labelledby="lib-unmapped"><h2 id="lib-unmapped">Unmapped paths</h2>${unmapped}</section>
<section aria-labelledby="lib-stash"><h2 id="lib-stash">Stash push</h2>${stash}${gaps}</section>`;
  return layout({ title: 'Library and Stash', active: '/ui/library', viewer, body });
}

/** What to do when a component is down: where each one is started or configured. */
const remedies: Record<keyof HealthReport, string> = {
  database: 'Start PostgreSQL (`npm start` does; in Docker: `docker compose up -d postgres`) and check database.url / DATABASE_URL.',
  temporal:
    'Start Temporal (`npm start` runs a dev server; in Docker: `docker compose up -d temporal`) or correct temporal.address / TEMPORAL_ADDRESS.',
  worker: 'Start a worker (`npm start`, or `docker compose up -d worker`); syncs and scrobbles wait in Temporal until one polls.',
  plex: 'Check that Plex Media Server runs and plex.pms_url / the Plex token are right (`watchsync auth plex`).',
  trakt: 'Log in again with `watchsync auth trakt`; if Trakt itself is down, runs retry until it answers.',
};

export function healthPage(report: HealthReport, viewer: Viewer): Html {
  const rows = (Object.keys(report) as (keyof HealthReport)[]).map((name) => {
    const check = report[name];
    const kind = check.status === 'ok' ? 'ok' : check.status === 'error' ? 'bad' : 'info';
    return html`<tr><th scope="row">${name}</th><td>${badge(kind, check.status)}</td><td>${check.detail ?? ''}${
      check.status === 'error' ? html`<br><strong>What to do:</strong> ${remedies[name]}` : ''
    }</td></tr>`;
  });
  const body = html`<div class="scroll"><table><caption class="visually-hidden">Health checks</caption>
<thead><tr><th scope="col">component</th><th scope="col">status</th><th scope="col">detail</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  return layout({ title: 'Health', active: '/ui/health', viewer, body });
}

export function loginPage(options: { viewer: Viewer; next: string; error?: string }): Html {
  const { viewer, next, error } = options;
  const body = viewer.loginPossible
    ? html`${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/ui/login" class="login">
<input type="hidden" name="next" value="${next}">
<label for="token">Admin token (<code>bridge.admin_token</code>)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>`
    : html`<p class="error" role="alert">No admin token is configured: set <code>bridge.admin_token</code> (or WATCHSYNC_ADMIN_TOKEN) to make changes from the dashboard.</p>`;
  return layout({ title: 'Log in', viewer, body });
}

/** The answer to a form post: what happened, and the way back. */
export function resultPage(options: { viewer: Viewer; title: string; message: HtmlValue; ok: boolean; back: string }): Html {
  const body = html`<p class="${options.ok ? 'notice' : 'error'}" role="${options.ok ? 'status' : 'alert'}">${options.message}</p>
<p><a href="${options.back}">Back</a></p>`;
  return layout({ title: options.title, viewer: options.viewer, body });
}
