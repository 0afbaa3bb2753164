/** Server-level answers: the server root, /identity (no token needed) and /accounts. */
import type { FastifyInstance } from 'fastify';
import { accountOf, isOwner } from '../auth';
import { sendContainer, sendPage } from '../container';
import type { PmsContext } from '../context';
import { renderAccount } from '../render';

export const pmsVersion = '1.41.3.9314-a0bfb8370';

/** The server's name, in its root and in plex.tv's resources. */
export const serverName = 'watchsync-sim';

/** The root's Directory entries: the server's top-level features (`count` is 1 for each on real servers). */
const rootDirectories = [
  'activities',
  'butler',
  'channels',
  'clients',
  'diagnostics',
  'hubs',
  'library',
  'livetv',
  'media',
  'metadata',
  'music',
  'neighborhood',
  'playQueues',
  'player',
  'playlists',
  'resources',
  'search',
  'server',
  'servers',
  'statistics',
  'system',
  'transcode',
  'updater',
  'user',
];

export function registerServerRoutes(app: FastifyInstance, ctx: PmsContext): void {
  // GET / describes the server (python-plexapi's PlexServer reads it first). Attribute names as the PMS API
  // documents them; the values are this simulated server's: a claimed Linux server without transcoder work.
  app.get('/', async (req, reply) =>
    sendContainer(req, reply, {
      size: rootDirectories.length,
      allowCameraUpload: false,
      allowChannelAccess: true,
      allowMediaDeletion: true,
      allowSharing: true,
      allowSync: true,
      allowTuners: false,
      backgroundProcessing: true,
      certificate: false,
      companionProxy: true,
      countryCode: 'gbr',
      diagnostics: 'logs,databases,streaminglogs',
      eventStream: true,
      friendlyName: serverName,
      hubSearch: true,
      itemClusters: true,
      livetv: 7,
      machineIdentifier: ctx.library.machineIdentifier,
      mediaProviders: true,
      multiuser: true,
      myPlex: true,
      myPlexMappingState: 'mapped',
      myPlexSigninState: 'ok',
      myPlexSubscription: true,
      myPlexUsername: ctx.library.owner.username,
      ownerFeatures: 'webhooks,watchlist',
      photoAutoTag: false,
      platform: 'Linux',
      platformVersion: '6.1.0',
      pluginHost: true,
      pushNotifications: false,
      readOnlyLibraries: false,
      streamingBrainABRVersion: 3,
      streamingBrainVersion: 2,
      sync: true,
      transcoderActiveVideoSessions: 0,
      transcoderAudio: true,
      transcoderLyrics: true,
      transcoderPhoto: true,
      transcoderSubtitles: true,
      transcoderVideo: true,
      transcoderVideoBitrates: '64,96,208,320,720,1500,2000,3000,4000,8000,10000,12000,20000',
      transcoderVideoQualities: '0,1,2,3,4,5,6,7,8,9,10,11,12',
      transcoderVideoResolutions: '128,128,160,240,320,480,768,720,720,1080,1080,1080,1080',
      updatedAt: ctx.now(),
      updater: true,
      version: pmsVersion,
      voiceSearch: true,
      Directory: rootDirectories.map((key) => ({ count: 1, key, title: key })),
    }),
  );

  app.get('/identity', async (req, reply) =>
    sendContainer(req, reply, { size: 0, claimed: true, machineIdentifier: ctx.library.machineIdentifier, version: pmsVersion }),
  );

  app.get('/accounts', async (req, reply) => {
    // Account 0 is PMS's anonymous/local account; the owner is 1, Home users appear with their own ids.
    const all = [{ id: 0, name: '' }, ...ctx.library.accounts.map((a) => ({ id: a.id, name: a.title }))];
    const visible = isOwner(req) ? all : all.filter((a) => a.id === accountOf(req).id);
    return sendPage(req, reply, {
      attributes: { identifier: 'com.plexapp.system.accounts' },
      key: 'Account',
      entries: visible,
      render: renderAccount,
    });
  });
}
