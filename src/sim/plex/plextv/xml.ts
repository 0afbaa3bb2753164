/**
 * plex.tv's two wire formats: JSON when the client asks for it (`Accept: application/json`, as watchsync does),
 * XML otherwise (python-plexapi sends no Accept and parses XML).
 *
 * The API v2 XML mirrors the JSON: the document element is named for the resource (`<user>`, `<resources>`),
 * scalars are attributes (booleans "1"/"0", nulls left out), objects child elements of the same name, and a list
 * is an element holding one child per entry named in the singular (`<roles><role id="plexpass"/></roles>`,
 * `<connections><connection …/></connections>`); lists of strings give each entry as its `id`. This is the
 * form python-plexapi's parser reads (MyPlexAccount, MyPlexResource, ResourceConnection); no verbatim v2 XML
 * capture exists to check attribute order or the spelling of every value against.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { wantsJson } from '../pms/container';
import { toPmsXml } from '../pms/xml';

type Json = Record<string, unknown>;

const singular = (key: string) => (key.endsWith('s') ? key.slice(0, -1) : key);

/** v2 JSON → the XML element tree `toPmsXml` writes (objects become elements, arrays repeated elements). */
function toElementTree(value: Json): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v)) {
      const entries = v.map((entry) => (typeof entry === 'object' && entry !== null ? toElementTree(entry as Json) : { id: entry }));
      out[key] = { [singular(key)]: entries };
    } else if (typeof v === 'object' && v !== null) {
      out[key] = toElementTree(v as Json);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** `<root …>` for an object, `<root><entry/>…</root>` for a list (`resources` → `resource` entries). */
export function plexTvXml(root: string, body: Json | Json[]): string {
  const tree = Array.isArray(body) ? { [singular(root)]: body.map(toElementTree) } : toElementTree(body);
  return toPmsXml({ [root]: tree });
}

/** Answers a v2 body in the format the client asked for; `root` names the XML document element. */
export function sendPlexTv(req: FastifyRequest, reply: FastifyReply, root: string, body: Json | Json[]): FastifyReply {
  if (wantsJson(req)) return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
  return reply.type('application/xml; charset=utf-8').send(plexTvXml(root, body));
}

/** plex.tv's error envelope: `{"errors":[{code, message, status}]}` in JSON, `<errors><error …/></errors>` in XML. */
export function sendPlexTvError(req: FastifyRequest, reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  const errors = [{ code, message, status }];
  reply.code(status);
  return wantsJson(req) ? sendPlexTv(req, reply, 'errors', { errors }) : sendPlexTv(req, reply, 'errors', errors);
}
