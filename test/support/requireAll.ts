/**
 * CI sets PULSE_REQUIRE_ALL=1: a suite that would be skipped for lack of a browser or a keychain
 * must fail loudly there instead, so a green run always means every suite ran.
 */
export function mustRunEverything(): boolean {
  return process.env.PULSE_REQUIRE_ALL === '1';
}

export function missingPrerequisite(what: string): never | 'skip' {
  if (mustRunEverything()) {
    throw new Error(`PULSE_REQUIRE_ALL=1 but ${what}. CI must install and start it (see .ci/run).`);
  }
  return 'skip';
}
