import type { FastifyInstance } from 'fastify';
import { iso, userOf } from './http';

/** GET /users/settings (with the account limits watchsync reads) and GET /sync/last_activities. */
export function registerAccount(scope: FastifyInstance): void {
  scope.get('/users/settings', async (req, reply) => {
    const user = userOf(req);
    return reply.send({
      user: {
        username: user.username,
        private: user.private,
        name: user.username,
        vip: user.vip,
        vip_ep: false,
        director: false,
        ids: { slug: user.slug, uuid: `sim-${user.slug}` },
        joined_at: iso(user.joinedAt),
        location: null,
        about: null,
        gender: null,
        age: null,
        images: { avatar: { full: 'https://walter-r2.trakt.tv/images/users/000/000/000/avatars/large/placeholder.png' } },
        vip_og: false,
        vip_years: 0,
      },
      account: { timezone: 'UTC', date_format: 'mdy', time_24hr: true, cover_image: null },
      connections: {
        facebook: false,
        twitter: false,
        mastodon: false,
        google: false,
        tumblr: false,
        medium: false,
        slack: false,
        apple: false,
        dropbox: false,
        microsoft: false,
      },
      sharing_text: { watching: "I'm watching [item]", watched: 'I just watched [item]', rated: '[item] [stars]' },
      limits: {
        list: { count: user.vip ? 100 : 5, item_count: user.vip ? 5000 : 250 },
        watchlist: { item_count: user.watchlistLimit },
        favorites: { item_count: user.vip ? 100 : 50 },
      },
    });
  });

  scope.get('/sync/last_activities', async (req, reply) => reply.send(userOf(req).activities.toJSON()));
}
