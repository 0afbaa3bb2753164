/**
 * plex.tv's PIN login: a client creates a PIN, shows its code to the user, and polls until the user has
 * linked it on plex.tv/link (here: the admin API links it), when the PIN carries an authToken.
 */
import type { PlexLibrary } from '../library';

export interface Pin {
  id: number;
  code: string;
  clientIdentifier: string;
  product: string;
  /** Epoch ms. */
  createdAt: number;
  expiresAt: number;
  authToken: string | null;
}

/** plex.tv PINs live 15 minutes (the `expiresIn: 900` of the capture). */
export const pinLifetimeS = 900;

const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class PinStore {
  private pins = new Map<number, Pin>();
  private nextId = 111_222_333;

  constructor(private readonly nowMs: () => number) {}

  /** `strong` PINs (for the plex.tv/link?code flow) have 25-character codes, others 4. */
  create(clientIdentifier: string, product: string, strong: boolean): Pin {
    const id = this.nextId++;
    let code = '';
    for (let n = 0, x = id * 2_654_435_761; code.length < (strong ? 25 : 4); n++, x = (x * 48_271 + n) % 2_147_483_647) {
      code += codeAlphabet[x % codeAlphabet.length];
    }
    const createdAt = this.nowMs();
    const pin: Pin = { id, code, clientIdentifier, product, createdAt, expiresAt: createdAt + pinLifetimeS * 1000, authToken: null };
    this.pins.set(id, pin);
    return pin;
  }

  /** The PIN, unless it does not exist or has expired (plex.tv then answers 404). */
  get(id: number): Pin | undefined {
    const pin = this.pins.get(id);
    return pin && pin.expiresAt > this.nowMs() ? pin : undefined;
  }

  link(id: number, library: PlexLibrary, accountId: number): Pin | undefined {
    const pin = this.get(id);
    if (pin) pin.authToken = library.issueToken(accountId);
    return pin;
  }

  expire(id: number): boolean {
    const pin = this.pins.get(id);
    if (pin) pin.expiresAt = this.nowMs();
    return pin !== undefined;
  }

  all(): Pin[] {
    return [...this.pins.values()];
  }

  clear(): void {
    this.pins.clear();
  }
}
