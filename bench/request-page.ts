/**
 * What the benchmark page of bench/request-browser.ts runs: the request console's own `request.send` call
 * (the worker channel in Chrome, runtime messaging in Firefox), bundled for that page as `SigvaultBench`.
 * @module
 */
export { callViaWorker as call } from '../src/platform/worker-call.ts';
