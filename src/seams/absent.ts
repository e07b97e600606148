/**
 * What a left-out subsystem does if it is reached after all: the bundle was built from a manifest
 * without it (so registration must have differed between `calix package` and this run).
 */
export const absent =
  (subsystem: string) =>
  (): never => {
    throw new Error(`Calix: this bundle was built without ${subsystem} because the app registered none when it was packaged: registration must not depend on where the code runs`);
  };
