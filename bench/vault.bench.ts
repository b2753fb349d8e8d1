/**
 * Vault benchmark in Node: `npx tsx bench/vault.bench.ts`.
 * Prints unlock time at the KDF floor and at the calibrated default, and open-all time for 5,000 sealed
 * identities, against the targets from the vault issue.
 */

import { availableParallelism, cpus, loadavg } from 'node:os';
import { floorParams, type KdfParams } from '../src/core/crypto/kdf.ts';
import { runCalibratedUnlockBench, runOpenAllBench, runUnlockBench, TARGETS } from './vault-workload.ts';

const now = () => performance.now();
const ms = (x: number) => `${x.toFixed(0)} ms`;
const verdict = (value: number, target: number) => (value <= target ? 'PASS' : 'FAIL');
const describe = (p: KdfParams) =>
  p.name === 'argon2id' ? `argon2id m=${p.memoryKiB} KiB t=${p.iterations} p=${p.parallelism}` : `scrypt N=2^${p.logN} r=${p.r} p=${p.p}`;

console.log(`Sigvault vault bench: Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPU(s) (${cpus()[0]?.model ?? '?'})`);

const floor = await runUnlockBench({ now });
console.log(
  `unlock @ floor       ${describe(floor.params)}: median ${ms(floor.medianMs)} (runs ${floor.unlockMs.map(ms).join(', ')}; create ${ms(floor.createMs)})` +
    `  target ≤ ${TARGETS.unlockAtFloorMs} ms  ${verdict(floor.medianMs, TARGETS.unlockAtFloorMs)}`,
);

const scrypt = await runUnlockBench({ now, params: floorParams('scrypt'), runs: 1 });
console.log(`unlock @ floor       ${describe(scrypt.params)}: ${ms(scrypt.medianMs)} (alternative KDF, for reference)`);

const cal = await runCalibratedUnlockBench({ now, targetMs: 500 });
console.log(
  `calibrate (→500 ms)  floor probe ${ms(cal.floorProbeMs)} → ${describe(cal.params)} (estimated ${ms(cal.estimatedMs)}; calibration took ${ms(cal.calibrateMs)})`,
);
console.log(`unlock @ calibrated  ${describe(cal.params)}: median ${ms(cal.medianMs)} (runs ${cal.unlockMs.map(ms).join(', ')})`);

const open = await runOpenAllBench({ now });
const best = Math.min(open.sequentialMs, open.parallelMs, open.batchedMs);
console.log(
  `list ${open.count} identities from the sealed catalog (one record, median of 5): ${ms(open.catalogMs)}  target ≤ ${TARGETS.openAllMs} ms  ${verdict(open.catalogMs, TARGETS.openAllMs)}`,
);
console.log(
  `decrypt all ${open.count} identity records (open + parse + view, median of 5 warm runs): sequential ${ms(open.sequentialMs)}, Promise.all ${ms(open.parallelMs)}, ` +
    `openRecords ×64 ${ms(open.batchedMs)}  target ≤ ${TARGETS.openAllMs} ms  ${verdict(best, TARGETS.openAllMs)} (sealing them took ${ms(open.sealMs)})`,
);
console.log(`  platform floor: ${open.count} bare crypto.subtle.decrypt calls (64 in flight, no parsing) ${ms(open.rawDecryptMs)}`);
console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on this machine inflates every figure)`);
