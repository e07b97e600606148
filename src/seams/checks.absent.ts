// ./checks.ts in the router bundle `calix package` ships: the package step ran the checks on these
// very registrations (and verified the shipped bundle makes the same ones), so a cold start trusts
// them. Routes keep an explicit name; the others' names live in the manifest the CLI read.
import type * as Present from './checks.js';

const trusted = (): void => {};
export const checkAppOptions: typeof Present.checkAppOptions = trusted;
export const checkPath: typeof Present.checkPath = trusted;
export const checkPlacement: typeof Present.checkPlacement = trusted;
export const checkRoute: typeof Present.checkRoute = trusted;
export const nameRoute: typeof Present.nameRoute = (explicit) => explicit ?? '';
export const manifestOf: typeof Present.manifestOf = () => {
  throw new Error('Calix: a router bundle has no app.manifest(); `calix routes --json` prints the routes');
};
