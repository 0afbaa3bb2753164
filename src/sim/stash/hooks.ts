/**
 * Hook delivery as the watchsync Stash plugin (integrations/stash) does it: Stash runs the plugin with the hook
 * context on stdin, the plugin POSTs `{hookContext}` to the bridge with the shared secret. The simulator skips the
 * process and sends the same request.
 */
import { request } from 'undici';

export interface HookTarget {
  url: string;
  secret: string;
}

export type HookType = 'Scene.Update.Post' | 'Scene.Create.Post' | 'Scene.Destroy.Post';

export interface HookDelivery {
  status: number;
  body: string;
}

export const hookSecretHeader = 'x-watchsync-secret';

export async function deliverHook(target: HookTarget, type: HookType, sceneId: string, inputFields: string[]): Promise<HookDelivery> {
  const hookContext = { id: Number(sceneId), type, input: { id: sceneId }, inputFields };
  const response = await request(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [hookSecretHeader]: target.secret },
    body: JSON.stringify({ hookContext }),
  });
  return { status: response.statusCode, body: await response.body.text() };
}
