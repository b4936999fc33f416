import type { ConfigurationName } from '../configuration/schema';

/**
 * Series styles that stay distinguishable without colour: the Okabe-Ito palette (safe for the
 * common colour-vision deficiencies) with a dash pattern and a marker per series, so a figure printed
 * in grey or read by a colour-blind reader still separates its series.
 */

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#000000', // black
  '#F0E442', // yellow, last: faint on white
] as const;

/** Dash patterns in units of the line width; 'solid' first. */
export const DASHES: readonly (number[] | 'solid')[] = [
  'solid',
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
  [1, 3],
];

export const MARKERS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'] as const;

/** Reference lines (theory) are drawn in a neutral grey so they never read as data. */
export const REFERENCE_COLOR = '#555555';

/**
 * Viridis at 9 stops: perceptually uniform, readable in grey and by colour-blind readers; used for
 * sequential colour scales (the ETF phase diagram).
 */
export const VIRIDIS = [
  '#440154',
  '#472d7b',
  '#3b528b',
  '#2c728e',
  '#21918c',
  '#28ae80',
  '#5ec962',
  '#addc30',
  '#fde725',
] as const;

/** Blue - white - orange diverging scale (Okabe-Ito ends) for signed values such as G_ij in [-1, 1]. */
export const DIVERGING = ['#0072B2', '#7FB8D8', '#F7F7F7', '#F2CF80', '#E69F00'] as const;

export interface SeriesStyle {
  color: string;
  dash: number[] | 'solid';
  marker: string;
}

/**
 * On the dark theme two Okabe-Ito colours nearly vanish: blue (#0072B2) is dim and black invisible
 * on a near-black background. They are drawn as the palette's sky blue and as the theme's text grey.
 */
const ON_DARK: Record<string, string> = { '#0072B2': '#56B4E9', '#000000': '#d8dce3' };

/** The i-th series' colour, dash and marker; the triple repeats only after lcm(8, 6, 7) = 168 series. */
export function seriesStyle(i: number, dark = false): SeriesStyle {
  const color = OKABE_ITO[i % OKABE_ITO.length];
  return {
    color: dark ? (ON_DARK[color] ?? color) : color,
    dash: DASHES[i % DASHES.length],
    marker: MARKERS[i % MARKERS.length],
  };
}

/**
 * One fixed colour per configuration name (core/configuration), so a name has the same colour in
 * every figure and both themes: Paul Tol's "light" qualitative scheme (personal.sron.nl/~pault),
 * made for filled cells that carry dark labels and distinct to colour-blind readers. Pale grey, the
 * scheme's "no data" colour, is `unrecognised`. The orthoplex regime's configurations (simplex sums
 * and the cross-polytope) take the two warm colours, so the regime stands out as one block beside
 * the cool simplex ETF; light fills stay visible on the dark theme and on white paper alike.
 */
export const CONFIGURATION_COLOURS: Record<ConfigurationName, string> = {
  'simplex-etf': '#77AADD', // light blue
  'simplex-sum': '#EE8866', // orange
  'cross-polytope': '#FFAABB', // pink
  polygon: '#BBCC33', // pear
  icosahedron: '#44BB99', // mint
  'tight-frame': '#99DDFF', // light cyan
  antipodal: '#EEDD88', // light yellow
  orthonormal: '#AAAA00', // olive
  unrecognised: '#DDDDDD', // pale grey
};

/** Text drawn on a CONFIGURATION_COLOURS fill: every fill is light, so dark text reads on all of them. */
export const ON_CONFIGURATION_COLOUR = '#000000';
