/**
 * What the benchmark page of bench/request-browser.ts runs: the request console's own `request.send` call
 * (over the port channel, src/platform/port-channel.ts), bundled for that page as `SigvaultBench`.
 * @module
 */
export { callOverPort as call } from '../src/platform/port-call.ts';
