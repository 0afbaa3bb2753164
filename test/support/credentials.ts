import type { FaultBoard } from '../../src/sim/faults';

/** Every value of a credential field in the answers the simulator spoiled (JSON or XML attributes). */
export function credentialsIn(board: FaultBoard): string[] {
  const field = /(?:access_token|refresh_token|device_code|authToken|accessToken)["']?\s*[:=]\s*["']([^"']{8,})/g;
  return board.mangled.flatMap(({ body }) => [...body.matchAll(field)].map((m) => m[1]!));
}

/** A run of 12 characters of `secret` found in `text`: a credential quoted even in part. */
export function quotedPart(text: string, secret: string): string | undefined {
  for (let at = 0; at + 12 <= secret.length; at++) if (text.includes(secret.slice(at, at + 12))) return secret.slice(at, at + 12);
  return undefined;
}
