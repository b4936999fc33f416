import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { paperCanvas, pixelSize, type PaperPreset } from '../../../core/charts/preset';
import { BUNDLED_FONT, bundledFontPath } from './bundled-font';
import { measureWithPaperFont } from './text-measure';

/**
 * Headless rendering of a chart option: ECharts' server-side SVG renderer lays the figure out in
 * points (core/charts/preset.ts), the SVG states its size in mm, and resvg rasterizes it to an
 * exact pixel size with the bundled font.
 */

/** The SVG of an option on a paper canvas, sized in millimetres, viewBox in points. */
export function renderSvg(option: EChartsOption, preset: PaperPreset): string {
  const { width, height } = paperCanvas(preset);
  measureWithPaperFont();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return withRootSize(chart.renderToSVGString(), `${preset.widthMm}mm`, `${preset.heightMm}mm`);
  } finally {
    // dispose stops ECharts' frame loop, which would otherwise keep the process alive
    chart.dispose();
  }
}

/** Replaces the root element's width and height (the viewBox keeps the layout units). */
export function withRootSize(svg: string, width: string, height: string, extra = ''): string {
  return svg.replace(/^<svg\b([^>]*)>/, (_whole, attributes: string) => {
    const rest = attributes.replace(/\s(width|height|preserveAspectRatio)="[^"]*"/g, '');
    return `<svg width="${width}" height="${height}"${extra}${rest}>`;
  });
}

/**
 * A PNG of exactly round(W / 25.4 * D) x round(H / 25.4 * D) pixels. The root is given that pixel
 * size and told to fill it, so rounding stretches the figure by under a pixel instead of leaving an
 * uneven margin.
 */
export function renderPng(svg: string, preset: PaperPreset, dpi: number): Buffer {
  return rasterize(svg, preset, dpi).asPng();
}

/** The RGBA pixels of `renderPng`. */
export function rasterize(svg: string, preset: PaperPreset, dpi: number) {
  const size = pixelSize(preset.widthMm, preset.heightMm, dpi);
  const sized = withRootSize(
    fontLonghands(svg),
    String(size.width),
    String(size.height),
    ' preserveAspectRatio="none"',
  );
  const resvg = new Resvg(sized, {
    font: {
      fontFiles: [bundledFontPath()],
      loadSystemFonts: false,
      defaultFontFamily: BUNDLED_FONT.family,
      serifFamily: BUNDLED_FONT.family,
      sansSerifFamily: BUNDLED_FONT.family,
    },
    background: '#ffffff',
  });
  return resvg.render();
}

/**
 * ECharts writes some text (legend entries) with the CSS `font` shorthand, which resvg ignores: those
 * labels came out at resvg's default size instead of the figure's. Rewritten as longhands
 * ("font: normal bold 8px 'F', serif" -> font-style, font-weight, font-size, font-family).
 */
export function fontLonghands(svg: string): string {
  return svg.replace(/font:\s*((?:[a-z0-9-]+\s+)*?)([\d.]+px)\s+([^;"]+)/g, (_whole, lead: string, size: string, family: string) => {
    const [style = 'normal', weight = 'normal'] = lead.trim().split(/\s+/).filter(Boolean);
    return `font-style:${style};font-weight:${weight};font-size:${size};font-family:${family.trim()}`;
  });
}
