/**
 * The units of Excel's CONVERT, by the names Microsoft's CONVERT page lists (case matters), each
 * with its kind and its size in the kind's base unit (gram, meter, second, pascal, newton, joule,
 * watt, tesla, kelvin, cubic meter, square meter, bit, meter per second). The sizes are those
 * Excel computes, CONVERT(1, unit, base unit) as Excel cached it (IronCalc's Excel-saved test
 * workbook ENGINEERING/CONVERT.xlsx): the exact definitions where there is one (an inch is
 * 0.0254 m), Excel's own constants where there is none (an atomic mass unit is
 * 1.660538782E-24 g, an electron volt 1.602176487E-19 J, a parsec 3.0856775812815532E+16 m, a
 * millimeter of mercury 133.322 Pa).
 *
 * `prefix` says which units take a prefix (kilo, milli…) and how: "linear" (km), "square" (a
 * square meter's prefix is squared: km2 is 10^6 m2), "cube"; as that workbook shows Excel taking
 * them (Mm, Mang, Mly, Mmph, Muk_pt, mbyte) or refusing them with #N/A (Mmi, Mft, Mha, Mly2).
 * Time's units other than the second are not in it: a prefix on them is a case Excel's page leaves
 * open (`prefix: "open"`).
 */

export type Kind = 'mass' | 'distance' | 'time' | 'pressure' | 'force' | 'energy' | 'power' | 'magnetism' | 'temperature' | 'volume' | 'area' | 'information' | 'speed';

export interface Unit {
  kind: Kind;
  /** The unit's size in its kind's base unit (for temperature, the size of a degree in kelvin). */
  size: number;
  prefix?: 'linear' | 'square' | 'cube' | 'open';
  /** Temperature only: a reading x is (x - offset) × size + zero kelvin (Fahrenheit: (x - 32) × 5/9 + 273.15). */
  offset?: number;
  zero?: number;
}

/** Several names of one unit. */
const names = (list: string, unit: Unit): [string, Unit][] => list.split(' ').map((name) => [name, unit]);

const GALLON = 3.785411784e-3;
const INCH = 0.0254;
const FOOT = 0.3048;
const MILE = 1609.344;
const NAUTICAL_MILE = 1852;
const YARD = 0.9144;
const LIGHT_YEAR = 9460730472580800;
const PICA_POINT = INCH / 72;
const LINEAR = { prefix: 'linear' } as const;

export const UNITS: ReadonlyMap<string, Unit> = new Map<string, Unit>([
  // Weight and mass, in grams.
  ['g', { kind: 'mass', size: 1, ...LINEAR }],
  ['sg', { kind: 'mass', size: 14593.902937206363 }],
  ['lbm', { kind: 'mass', size: 453.59237 }],
  ['u', { kind: 'mass', size: 1.660538782e-24, ...LINEAR }],
  ['ozm', { kind: 'mass', size: 28.349523125 }],
  ['grain', { kind: 'mass', size: 0.06479891 }],
  ...names('cwt shweight', { kind: 'mass', size: 45359.237 }),
  ...names('uk_cwt lcwt hweight', { kind: 'mass', size: 50802.34544 }),
  ['stone', { kind: 'mass', size: 6350.29318 }],
  ['ton', { kind: 'mass', size: 907184.74 }],
  ...names('uk_ton LTON brton', { kind: 'mass', size: 1016046.9088 }),
  // Distance, in meters.
  ['m', { kind: 'distance', size: 1, ...LINEAR }],
  ['mi', { kind: 'distance', size: MILE }],
  ['Nmi', { kind: 'distance', size: NAUTICAL_MILE }],
  ['in', { kind: 'distance', size: INCH }],
  ['ft', { kind: 'distance', size: FOOT }],
  ['yd', { kind: 'distance', size: YARD }],
  ['ang', { kind: 'distance', size: 1e-10, ...LINEAR }],
  ['ell', { kind: 'distance', size: 1.143 }],
  ['ly', { kind: 'distance', size: LIGHT_YEAR, ...LINEAR }],
  ...names('parsec pc', { kind: 'distance', size: 3.0856775812815532e16, ...LINEAR }),
  ...names('Picapt Pica', { kind: 'distance', size: PICA_POINT }),
  ['pica', { kind: 'distance', size: INCH / 6 }],
  ['survey_mi', { kind: 'distance', size: 1609.3472186944373 }],
  // Time, in seconds.
  ['yr', { kind: 'time', size: 31557600, prefix: 'open' }],
  ...names('day d', { kind: 'time', size: 86400, prefix: 'open' }),
  ['hr', { kind: 'time', size: 3600, prefix: 'open' }],
  ...names('mn min', { kind: 'time', size: 60, prefix: 'open' }),
  ...names('sec s', { kind: 'time', size: 1, ...LINEAR }),
  // Pressure, in pascals.
  ...names('Pa p', { kind: 'pressure', size: 1, ...LINEAR }),
  ...names('atm at', { kind: 'pressure', size: 101325, ...LINEAR }),
  ['mmHg', { kind: 'pressure', size: 133.322, ...LINEAR }],
  ['psi', { kind: 'pressure', size: 6894.757293168362 }],
  ['Torr', { kind: 'pressure', size: 101325 / 760 }],
  // Force, in newtons.
  ['N', { kind: 'force', size: 1, ...LINEAR }],
  ...names('dyn dy', { kind: 'force', size: 1e-5, ...LINEAR }),
  ['lbf', { kind: 'force', size: 4.4482216152605 }],
  ['pond', { kind: 'force', size: 9.80665e-3, ...LINEAR }],
  // Energy, in joules.
  ['J', { kind: 'energy', size: 1, ...LINEAR }],
  ['e', { kind: 'energy', size: 1e-7, ...LINEAR }],
  ['c', { kind: 'energy', size: 4.184, ...LINEAR }],
  ['cal', { kind: 'energy', size: 4.1868, ...LINEAR }],
  ...names('eV ev', { kind: 'energy', size: 1.602176487e-19, ...LINEAR }),
  ...names('HPh hh', { kind: 'energy', size: 2684519.537696173 }),
  ...names('Wh wh', { kind: 'energy', size: 3600, ...LINEAR }),
  ['flb', { kind: 'energy', size: 1.3558179483314003 }],
  ...names('BTU btu', { kind: 'energy', size: 1055.05585262 }),
  // Power, in watts.
  ...names('HP h', { kind: 'power', size: 745.6998715822702 }),
  ['PS', { kind: 'power', size: 735.49875 }],
  ...names('W w', { kind: 'power', size: 1, ...LINEAR }),
  // Magnetism, in teslas.
  ['T', { kind: 'magnetism', size: 1, ...LINEAR }],
  ['ga', { kind: 'magnetism', size: 1e-4, ...LINEAR }],
  // Temperature: a scale's degree in kelvins, the reading its zero is offset by, and that zero in kelvins.
  ...names('C cel', { kind: 'temperature', size: 1, offset: 0, zero: 273.15 }),
  ...names('F fah', { kind: 'temperature', size: 5 / 9, offset: 32, zero: 273.15 }),
  ...names('K kel', { kind: 'temperature', size: 1, offset: 0, zero: 0, ...LINEAR }),
  ['Rank', { kind: 'temperature', size: 5 / 9, offset: 0, zero: 0 }],
  ['Reau', { kind: 'temperature', size: 1.25, offset: 0, zero: 273.15 }],
  // Volume, in cubic meters.
  ['tsp', { kind: 'volume', size: GALLON / 768 }],
  ['tspm', { kind: 'volume', size: 5e-6 }],
  ['tbs', { kind: 'volume', size: GALLON / 256 }],
  ['oz', { kind: 'volume', size: GALLON / 128 }],
  ['cup', { kind: 'volume', size: GALLON / 16 }],
  ...names('pt us_pt', { kind: 'volume', size: GALLON / 8 }),
  ['uk_pt', { kind: 'volume', size: 5.6826125e-4, ...LINEAR }],
  ['qt', { kind: 'volume', size: GALLON / 4 }],
  ['uk_qt', { kind: 'volume', size: 1.1365225e-3 }],
  ['gal', { kind: 'volume', size: GALLON }],
  ['uk_gal', { kind: 'volume', size: 4.54609e-3 }],
  ...names('l L lt', { kind: 'volume', size: 1e-3, ...LINEAR }),
  ...names('ang3 ang^3', { kind: 'volume', size: 1e-30, prefix: 'cube' }),
  ['barrel', { kind: 'volume', size: 42 * GALLON }],
  ['bushel', { kind: 'volume', size: 0.03523907016688 }],
  ...names('ft3 ft^3', { kind: 'volume', size: FOOT ** 3 }),
  ...names('in3 in^3', { kind: 'volume', size: INCH ** 3 }),
  ...names('ly3 ly^3', { kind: 'volume', size: 8.4678666462371517e47 }),
  ...names('m3 m^3', { kind: 'volume', size: 1, prefix: 'cube' }),
  ...names('mi3 mi^3', { kind: 'volume', size: 4168181825.4405794 }),
  ...names('yd3 yd^3', { kind: 'volume', size: 0.764554857984 }),
  ...names('Nmi3 Nmi^3', { kind: 'volume', size: 6352182208 }),
  ...names('Picapt3 Picapt^3 Pica3 Pica^3', { kind: 'volume', size: 4.3903956618655696e-11 }),
  ...names('GRT regton', { kind: 'volume', size: 2.8316846592 }),
  ['MTON', { kind: 'volume', size: 1.13267386368 }],
  // Area, in square meters.
  ['uk_acre', { kind: 'area', size: 4046.8564224 }],
  ['us_acre', { kind: 'area', size: 4046.8726098742522 }],
  ...names('ang2 ang^2', { kind: 'area', size: 1e-20, prefix: 'square' }),
  ['ar', { kind: 'area', size: 100, ...LINEAR }],
  ...names('ft2 ft^2', { kind: 'area', size: FOOT * FOOT }),
  ['ha', { kind: 'area', size: 1e4 }],
  ...names('in2 in^2', { kind: 'area', size: INCH * INCH }),
  ...names('ly2 ly^2', { kind: 'area', size: 8.9505421074818892e31 }),
  ...names('m2 m^2', { kind: 'area', size: 1, prefix: 'square' }),
  ['Morgen', { kind: 'area', size: 2500 }],
  ...names('mi2 mi^2', { kind: 'area', size: MILE * MILE }),
  ...names('Nmi2 Nmi^2', { kind: 'area', size: NAUTICAL_MILE * NAUTICAL_MILE }),
  ...names('Picapt2 Pica2 Pica^2 Picapt^2', { kind: 'area', size: 1.2445216049382715e-7 }),
  ...names('yd2 yd^2', { kind: 'area', size: YARD * YARD }),
  // Information, in bits.
  ['bit', { kind: 'information', size: 1, ...LINEAR }],
  ['byte', { kind: 'information', size: 8, ...LINEAR }],
  // Speed, in meters per second.
  ['admkn', { kind: 'speed', size: 0.5147733333333333 }],
  ['kn', { kind: 'speed', size: 0.5144444444444445 }],
  ...names('m/h m/hr', { kind: 'speed', size: 1 / 3600, ...LINEAR }),
  ...names('m/s m/sec', { kind: 'speed', size: 1, ...LINEAR }),
  ['mph', { kind: 'speed', size: 0.44704, ...LINEAR }],
]);

/** The decimal prefixes (Microsoft's CONVERT page: "da" and "e" are both deka). */
export const PREFIXES: ReadonlyMap<string, number> = new Map([
  ['Y', 1e24],
  ['Z', 1e21],
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
  ['h', 1e2],
  ['da', 1e1],
  ['e', 1e1],
  ['d', 1e-1],
  ['c', 1e-2],
  ['m', 1e-3],
  ['u', 1e-6],
  ['n', 1e-9],
  ['p', 1e-12],
  ['f', 1e-15],
  ['a', 1e-18],
  ['z', 1e-21],
  ['y', 1e-24],
]);

/** The binary prefixes, for bits and bytes only ("kibyte" is 1,024 bytes). */
export const BINARY_PREFIXES: ReadonlyMap<string, number> = new Map([
  ['Yi', 2 ** 80],
  ['Zi', 2 ** 70],
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['ki', 2 ** 10],
]);
