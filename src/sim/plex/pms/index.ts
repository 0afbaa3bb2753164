/**
 * The simulated Plex Media Server over HTTP: the endpoints watchsync reads and writes, with PMS's two wire
 * formats, paging, per-account state, fault injection and an admin API. Returns a fastify app that is not
 * listening yet; callers choose the port.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { FaultBoard, installFaults } from '../../faults';
import type { LiveSessions } from '../contracts';
import type { PlexLibrary } from '../library';
import { LibraryEdits } from '../library-edits';
import { registerPmsAdmin } from './admin';
import { installAuth } from './auth';
import type { PmsContext } from './context';
import { ListingLog, registerLibraryAdmin } from './library-admin';
import { PageFaults } from './page-faults';
import { registerActionRoutes } from './routes/actions';
import { registerEditRoutes } from './routes/edits';
import { registerLibraryRoutes } from './routes/library';
import { registerServerRoutes } from './routes/server';
import { registerStatusRoutes } from './routes/status';
import { Scanner } from './scanner';

export interface PmsSimOptions {
  library: PlexLibrary;
  sessions?: LiveSessions;
  faults?: FaultBoard;
  /** Epoch seconds (default: the wall clock). */
  now?: () => number;
}

export interface PmsSim {
  app: FastifyInstance;
  faults: FaultBoard;
  pageFaults: PageFaults;
  /** Library changes between import runs. */
  edits: LibraryEdits;
  /** Listing pages answered, for tests of where a listing (re)started. */
  listings: ListingLog;
  /** Files waiting for a scan (items that appear only after `/library/sections/{id}/refresh`). */
  scanner: Scanner;
}

export function createPmsSim(options: PmsSimOptions): PmsSim {
  const faults = options.faults ?? new FaultBoard();
  const pageFaults = new PageFaults();
  const ctx: PmsContext = {
    library: options.library,
    sessions: options.sessions,
    faults,
    pageFaults,
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
  };
  // Multi-key reads (`/library/metadata/1,2,3,…`) outgrow Fastify's default 100-character parameter;
  // python-plexapi writes some paths with a trailing slash (`/library/sections/`).
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 4096, ignoreTrailingSlash: true } });
  installFaults(app, faults);
  installAuth(app, ctx.library, ['/identity']);
  registerServerRoutes(app, ctx);
  registerLibraryRoutes(app, ctx);
  registerStatusRoutes(app, ctx);
  registerActionRoutes(app, ctx);
  const scanner = new Scanner(ctx.library);
  registerEditRoutes(app, ctx, scanner);
  registerPmsAdmin(app, ctx.library, faults, pageFaults, ctx.now);
  const edits = new LibraryEdits(ctx.library, ctx.now);
  const listings = new ListingLog();
  registerLibraryAdmin(app, edits, listings);
  return { app, faults, pageFaults, edits, listings, scanner };
}
