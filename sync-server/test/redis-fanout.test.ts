import { describe, expect, it } from 'vitest';
import {
  KIND_UPDATE,
  decodeFanoutMessage,
  encodeFanoutMessage,
} from '../src/cluster/redis-fanout.ts';

describe('fan-out messages', () => {
  it('decode to exactly the payload, even inside a larger buffer', () => {
    const sender = Buffer.from('01234567');
    const payload = new Uint8Array([1, 2, 3]);
    const encoded = encodeFanoutMessage(KIND_UPDATE, sender, payload);
    // As a socket read hands it over: a slice of a bigger buffer, with other bytes after it.
    const pool = Buffer.concat([Buffer.from([9, 9]), encoded, Buffer.from([7, 7, 7, 7])]);
    const message = pool.subarray(2, 2 + encoded.byteLength);

    const decoded = decodeFanoutMessage(message);
    expect(decoded?.kind).toBe(KIND_UPDATE);
    expect(decoded?.sender.equals(sender)).toBe(true);
    expect(decoded?.payload.byteLength).toBe(3);
    expect([...(decoded?.payload ?? [])]).toEqual([1, 2, 3]);
  });

  it('reject a message too short for its header, and allow an empty payload', () => {
    expect(decodeFanoutMessage(Buffer.alloc(8))).toBeNull();
    const empty = decodeFanoutMessage(encodeFanoutMessage(3, Buffer.alloc(8), new Uint8Array()));
    expect(empty?.payload.byteLength).toBe(0);
  });
});
