import { z } from 'zod';

/**
 * How a chart is dressed. 'screen' follows the app's theme and may animate; 'paper' is a figure for
 * a publication: a size in millimetres, the bundled serif font, white background, no animation, no
 * toolbox, and the colour-blind-safe styles of palette.ts.
 *
 * Paper figures are laid out in points (1/72 inch): a W mm wide figure is W / 25.4 * 72 units wide,
 * so a font size in the option is a size in pt on paper. The SVG keeps that viewBox and states its
 * size in mm; a PNG scales it to W / 25.4 * D pixels.
 */

/** Source Serif 4 (SIL Open Font License), shipped by @expo-google-fonts/source-serif-4. */
export const PAPER_FONT = 'Source Serif 4';

export const PaperPreset = z
  .object({
    kind: z.literal('paper'),
    widthMm: z.number().min(20, 'width is at least 20 mm').max(1000, 'width is at most 1000 mm'),
    heightMm: z.number().min(20, 'height is at least 20 mm').max(1000, 'height is at most 1000 mm'),
    font: z.string().min(1).max(100).default(PAPER_FONT),
    /** base font size in pt */
    fontPt: z.number().min(4).max(24).default(8),
  })
  .strict();
export type PaperPreset = z.output<typeof PaperPreset>;

export interface ScreenPreset {
  kind: 'screen';
  /** the app's dark theme: light text on a transparent background */
  dark?: boolean;
  /** false when the reader asked for reduced motion (prefers-reduced-motion); default true */
  animate?: boolean;
  /** the chart's size in CSS pixels when known (square plots of the sphere need it) */
  width?: number;
  height?: number;
}

export type ChartPreset = ScreenPreset | PaperPreset;

export const SCREEN: ScreenPreset = { kind: 'screen' };

/** A single-column figure: fits a two-column journal page's column width. */
export const DEFAULT_PAPER_SIZE_MM = { widthMm: 100, heightMm: 70 } as const;

export function paperPreset(
  widthMm: number = DEFAULT_PAPER_SIZE_MM.widthMm,
  heightMm: number = DEFAULT_PAPER_SIZE_MM.heightMm,
): PaperPreset {
  return PaperPreset.parse({ kind: 'paper', widthMm, heightMm });
}

/** The layout size of a paper figure in points (the SVG's viewBox). */
export function paperCanvas(preset: PaperPreset): { width: number; height: number } {
  return { width: (preset.widthMm * 72) / 25.4, height: (preset.heightMm * 72) / 25.4 };
}

/** Pixels of a W x H mm figure at D dots per inch: round(W / 25.4 * D) x round(H / 25.4 * D). */
export function pixelSize(widthMm: number, heightMm: number, dpi: number): { width: number; height: number } {
  return { width: Math.round((widthMm / 25.4) * dpi), height: Math.round((heightMm / 25.4) * dpi) };
}

/** Text sizes and colours a builder needs, resolved from the preset. */
export interface Look {
  paper: boolean;
  /** light marks on a dark background (the app's dark theme) */
  dark: boolean;
  /** entry and update animations (never on paper) */
  animate: boolean;
  fontFamily: string;
  /** tick labels, legend */
  fontSize: number;
  /** axis names, title */
  titleSize: number;
  text: string;
  axisLine: string;
  gridLine: string;
  background: string;
  /** the layout size (points on paper, CSS pixels on screen) when known */
  canvas: { width: number; height: number } | null;
  /** marker size of scatter points */
  symbolSize: number;
  lineWidth: number;
}

export function look(preset: ChartPreset): Look {
  if (preset.kind === 'paper') {
    return {
      paper: true,
      dark: false,
      animate: false,
      canvas: paperCanvas(preset),
      fontFamily: `'${preset.font}', serif`,
      fontSize: preset.fontPt,
      titleSize: preset.fontPt + 1,
      text: '#000000',
      axisLine: '#000000',
      gridLine: '#e0e0e0',
      background: '#ffffff',
      symbolSize: 5,
      lineWidth: 1,
    };
  }
  const dark = preset.dark === true;
  return {
    paper: false,
    dark,
    animate: preset.animate !== false,
    canvas: preset.width && preset.height ? { width: preset.width, height: preset.height } : null,
    fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif",
    fontSize: 12,
    titleSize: 13,
    text: dark ? '#d8dce3' : '#2b2f36',
    axisLine: dark ? '#8a919c' : '#5b626d',
    gridLine: dark ? '#333a44' : '#e3e6eb',
    background: 'transparent',
    symbolSize: 7,
    lineWidth: 1.5,
  };
}
