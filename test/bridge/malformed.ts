/** Generators of bad input for the bridge: each one must be refused. Deterministic for a seed. */

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const playback = (uuid: string) => ({
  event: 'media.play',
  user: true,
  owner: true,
  Account: { id: 1, title: 'owner' },
  Server: { title: 'pms', uuid },
  Player: { local: true, publicAddress: '203.0.113.7', title: 'tv', uuid: 'player' },
  Metadata: { ratingKey: '17', key: '/library/metadata/17', guid: 'plex://movie/1', type: 'movie', title: 'x' },
});

/** Ways a webhook payload can be wrong: each returns a JSON-able value (or text that is not JSON). */
function badPayloads(uuid: string): ((r: () => number) => unknown)[] {
  return [
    () => ({ ...playback(uuid), event: `media.${Math.floor(Math.random() * 1e6)}` }),
    () => ({ ...playback(uuid), event: 42 }),
    () => ({ ...playback(uuid), Account: undefined }),
    () => ({ ...playback(uuid), Metadata: undefined }),
    () => ({ ...playback(uuid), Player: undefined }),
    (r) => ({ ...playback(uuid), Metadata: { ...playback(uuid).Metadata, ratingKey: Math.floor(r() * 1000) } }),
    () => ({ ...playback(uuid), Metadata: { ...playback(uuid).Metadata, viewOffset: 'soon' } }),
    () => ({ ...playback(uuid), Metadata: { ...playback(uuid).Metadata, ratingKey: '   ' } }),
    // Past what Plex ever sends (src/providers/plex/schemas.ts plexEventLimits), yet well under the body limit.
    () => ({ ...playback(uuid), Player: { ...playback(uuid).Player, uuid: 'p'.repeat(5_000) } }),
    () => ({ ...playback(uuid), Account: { id: 1, title: 'u'.repeat(5_000) } }),
    () => ({ ...playback(uuid), Server: { title: 'pms' } }),
    () => ({ ...playback(uuid), user: 'yes' }),
    () => [playback(uuid)],
    () => null,
    (r) => r() * 1000,
    () => 'media.play',
  ];
}

export interface BadRequest {
  contentType: string;
  body: Buffer;
}

function multipart(parts: { name: string; contentType: string; data: string | Buffer; filename?: string }[]): BadRequest {
  const boundary = `fuzz${Math.random().toString(16).slice(2)}`;
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}\r\nContent-Type: ${part.contentType}\r\n\r\n`,
    ),
    Buffer.from(part.data),
    Buffer.from('\r\n'),
  ]);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

/** `count` malformed webhook requests (JSON and multipart, wrong shapes, broken encodings, oversize). */
export function badWebhookRequests(count: number, uuid: string, maxBodyBytes: number, seed = 7): BadRequest[] {
  const r = random(seed);
  const payloads = badPayloads(uuid);
  const json = (value: unknown): BadRequest => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value) ?? 'null') });
  const makers: (() => BadRequest)[] = [
    () => json(payloads[Math.floor(r() * payloads.length)]!(r)),
    () =>
      multipart([
        { name: 'payload', contentType: 'application/json', data: JSON.stringify(payloads[Math.floor(r() * payloads.length)]!(r)) },
      ]),
    () => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(playback(uuid)).slice(0, Math.floor(r() * 200))) }),
    () => ({ contentType: 'application/json', body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(r() * 256))) }),
    () => ({ contentType: 'application/json', body: Buffer.from('{"__proto__":{"polluted":true},"event":"media.play"}') }),
    () => ({ contentType: 'application/json', body: Buffer.alloc(0) }),
    () => ({ contentType: 'text/plain', body: Buffer.from(JSON.stringify(playback(uuid))) }),
    () => json({ ...playback(uuid), padding: 'x'.repeat(maxBodyBytes) }),
    () => multipart([{ name: 'thumb', contentType: 'image/jpeg', data: Buffer.alloc(100), filename: 'a.jpg' }]),
    () => multipart([{ name: 'payload', contentType: 'application/json', data: '{"event": "media.play", ' }]),
    () => multipart([{ name: 'payload', contentType: 'text/plain', data: 'not json at all' }]),
    () =>
      multipart([{ name: 'payload', contentType: 'application/octet-stream', data: Buffer.from([0xff, 0xfe, 0x00]), filename: 'p.json' }]),
    () => multipart([{ name: 'payload', contentType: 'text/plain', data: 'x'.repeat(maxBodyBytes + 10) }]),
    () => ({ contentType: 'multipart/form-data; boundary=nothing', body: Buffer.from('garbage without a boundary') }),
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}

const notification = () => ({ sessionKey: '1', ratingKey: '17', key: '/library/metadata/17', viewOffset: 1000, state: 'playing' });

/** `count` websocket frames a bridge must refuse: not JSON, wrong envelope, wrong notification shapes, too big, binary. */
export function badFrames(count: number, maxFrameBytes: number, seed = 11): (string | Buffer)[] {
  const r = random(seed);
  const playing = (n: unknown) =>
    JSON.stringify({ NotificationContainer: { type: 'playing', size: 1, PlaySessionStateNotification: [n] } });
  const makers: (() => string | Buffer)[] = [
    () => Array.from({ length: 40 }, () => String.fromCharCode(32 + Math.floor(r() * 90))).join(''),
    () => JSON.stringify(notification()).slice(0, Math.floor(r() * 60)),
    () => JSON.stringify([notification()]),
    () => JSON.stringify({ type: 'playing', size: 1, PlaySessionStateNotification: [notification()] }),
    () => JSON.stringify({ NotificationContainer: { type: 'playing', size: 1 } }),
    () => JSON.stringify({ NotificationContainer: { type: 'playing', size: 'one', PlaySessionStateNotification: [notification()] } }),
    () => playing({ ...notification(), state: 'exploded' }),
    () => playing({ ...notification(), viewOffset: -5 }),
    () => playing({ ...notification(), viewOffset: 'later' }),
    () => playing({ ...notification(), sessionKey: '' }),
    () => playing({ ...notification(), sessionKey: '7'.repeat(5_000) }),
    () =>
      JSON.stringify({
        NotificationContainer: { type: 'playing', size: 1, PlaySessionStateNotification: Array(1_001).fill(notification()) },
      }),
    () => playing({ ...notification(), ratingKey: null }),
    () => playing({ ...notification(), key: undefined }),
    () => playing('not an object'),
    () => `${playing(notification())}${' '.repeat(maxFrameBytes)}`,
    () => Buffer.from(playing(notification())),
    () => 'null',
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}
