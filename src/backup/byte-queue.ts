/**
 * Bytes arriving in chunks of any size, read back in pieces of a known size: the frames of a backup file and of
 * its content. Copies only what a piece spans, so reading megabyte frames from 64 KiB chunks stays linear.
 */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private head = 0;
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first `n` bytes, left in the queue (n ≤ length). */
  peek(n: number): Buffer {
    return this.read(n, false);
  }

  /** The first `n` bytes, removed from the queue (n ≤ length). */
  take(n: number): Buffer {
    return this.read(n, true);
  }

  private read(n: number, remove: boolean): Buffer {
    if (n > this.length) throw new RangeError(`only ${this.length} bytes queued, ${n} asked`);
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      const piece = first.subarray(this.head, this.head + n);
      if (remove) this.consume(n);
      return piece;
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    let i = 0;
    let offset = this.head;
    while (written < n) {
      const chunk = this.chunks[i]!;
      const count = Math.min(chunk.length - offset, n - written);
      chunk.copy(out, written, offset, offset + count);
      written += count;
      i += 1;
      offset = 0;
    }
    if (remove) this.consume(n);
    return out;
  }

  private consume(n: number): void {
    this.length -= n;
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      const available = first.length - this.head;
      if (available > left) {
        this.head += left;
        return;
      }
      left -= available;
      this.chunks.shift();
      this.head = 0;
    }
  }
}
