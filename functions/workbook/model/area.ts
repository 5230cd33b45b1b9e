/** A rectangle of one sheet that a formula reads (0-based, inclusive). */
export interface Area {
  sheet: number;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}
