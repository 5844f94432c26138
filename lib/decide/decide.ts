/**
 * The pure decision: no I/O, no clock, no globals. `now` is in the input for what comes next
 * (behavior windows, schedules); neither form reads it yet.
 */
import { decideFull } from './full.js';
import { decideOriginal } from './original.js';
import type { DecideInput, Decision } from './types.js';

export function decide(input: DecideInput): Decision {
  return input.spec.form === 'original' ? decideOriginal(input) : decideFull(input);
}
