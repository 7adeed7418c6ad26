/**
 * An in-memory stand-in for the Web Locks API (`navigator.locks`, exclusive mode only) for Node unit
 * tests, where documents sharing one origin are several objects in one process. `crash(name)`
 * releases a lock as the browser does when its holder's document dies.
 */
import { createHash } from 'node:crypto';
import type { SharingPlatform } from '../../src/tab-sharing.js';

interface Holder {
  release: () => void;
  stolen: (error: DOMException) => void;
}

export class FakeLocks {
  readonly #held = new Map<string, Holder>();
  readonly #queues = new Map<string, (() => void)[]>();
  /** Names of every lock granted, in order. */
  readonly granted: string[] = [];

  isHeld(name: string): boolean {
    return this.#held.has(name);
  }

  /** Releases `name` whatever its holder does (the holder's document is gone). */
  crash(name: string): void {
    this.#held.get(name)?.release();
  }

  request<T>(name: string, options: LockOptions, callback: (lock: Lock | null) => Promise<T> | T): Promise<T> {
    const held = this.#held.get(name);
    if (held && options.ifAvailable) return Promise.resolve(callback(null));
    if (held && options.steal) held.stolen(new DOMException('Lock stolen', 'AbortError'));
    return new Promise<T>((resolve, reject) => {
      const grant = () => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          if (this.#held.get(name) === holder) this.#held.delete(name);
          this.#queues.get(name)?.shift()?.();
        };
        const holder: Holder = { release, stolen: (error) => (reject(error), release()) };
        this.#held.set(name, holder);
        this.granted.push(name);
        Promise.resolve()
          .then(() => callback({ name, mode: 'exclusive' } as Lock))
          .then(resolve, reject)
          .finally(release);
      };
      if (this.#held.has(name) && !options.steal) {
        const queue = this.#queues.get(name) ?? [];
        queue.push(grant);
        this.#queues.set(name, queue);
        options.signal?.addEventListener('abort', () => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          reject(options.signal!.reason);
        });
      } else {
        grant();
      }
    });
  }
}

/**
 * The sharing platform of one origin for Node tests: Node's own `BroadcastChannel`, {@link FakeLocks} and an
 * in-memory store for the storage hints; SHA-256 from `node:crypto`. `close()` closes every channel it opened.
 */
export class FakeOrigin {
  readonly locks = new FakeLocks();
  readonly hints = new Map<string, string>();
  /** Names of the channels opened, in order. */
  readonly names: string[] = [];
  readonly #channels: BroadcastChannel[] = [];

  readonly platform: SharingPlatform = {
    openChannel: (name) => {
      this.names.push(name);
      const channel = new BroadcastChannel(name) as unknown as globalThis.BroadcastChannel;
      this.#channels.push(channel);
      return channel;
    },
    locks: this.locks as unknown as LockManager,
    hints: {
      getItem: (name: string) => this.hints.get(name) ?? null,
      setItem: (name: string, value: string) => void this.hints.set(name, value),
    },
    sha256: async (text) => createHash('sha256').update(text).digest('hex'),
    onPageHide: () => () => {},
  };

  close(): void {
    for (const channel of this.#channels) channel.close();
  }
}
