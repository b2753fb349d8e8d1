import { describe, expect, it } from 'vitest';
import { serialQueue } from './serial.ts';

describe('serialQueue', () => {
  it('runs one task at a time, in order, after a failure too, and returns each result', async () => {
    const run = serialQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => () => new Promise<string>((resolve, reject) => {
      log.push(`start ${name}`);
      setTimeout(() => { log.push(`end ${name}`); if (fail) reject(new Error(name)); else resolve(name); }, ms);
    });
    const a = run(task('a', 20));
    const b = run(task('b', 1, true));
    const c = run(task('c', 1));
    await expect(a).resolves.toBe('a');
    await expect(b).rejects.toThrow('b');
    await expect(c).resolves.toBe('c');
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('two queues do not wait for each other', async () => {
    const one = serialQueue();
    const two = serialQueue();
    let release!: () => void;
    const held = one(() => new Promise<void>((r) => { release = r; }));
    await expect(two(async () => 'free')).resolves.toBe('free');
    release();
    await held;
  });
});
