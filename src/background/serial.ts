/**
 * One-at-a-time queues for the background's read-modify-write work on one record or one browser
 * registration: each task starts after the previous one settled, whatever its outcome.
 * @module
 */

/** A queue: `run(fn)` starts `fn` after every task queued before it has settled, and returns its result. */
export function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.then(() => undefined, () => undefined); // keeps no result alive
    return run;
  };
}
