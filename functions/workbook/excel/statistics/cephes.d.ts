/**
 * The part of `cephes` this project uses. The package ships types, but its "exports" map does not
 * name them, so TypeScript's NodeNext resolution cannot find them.
 */
declare module 'cephes' {
  /** Resolves once the WebAssembly module is compiled (the ES module build compiles asynchronously). */
  export const compiled: Promise<void>;
  export function erf(x: number): number;
  export function erfc(x: number): number;
  export function lgam(x: number): number;
  export function beta(a: number, b: number): number;
  export function igam(a: number, x: number): number;
  export function igamc(a: number, x: number): number;
  export function igami(a: number, p: number): number;
  export function incbet(a: number, b: number, x: number): number;
  export function incbi(a: number, b: number, y: number): number;
  export function bdtr(k: number, n: number, p: number): number;
  export function fdtr(a: number, b: number, x: number): number;
  export function fdtrc(a: number, b: number, x: number): number;
  export function fdtri(a: number, b: number, y: number): number;
  export function stdtr(k: number, t: number): number;
  export function stdtri(k: number, p: number): number;
  export function ndtr(x: number): number;
  export function ndtri(y: number): number;
}
