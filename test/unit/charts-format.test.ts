import { describe, expect, it } from 'vitest';
import { logTickLabel, logTickText } from '../../core/charts/axis-format';
import { formatParameter as shortNumber, MINUS } from '../../core/format';
import { lttbIndices } from '../../core/charts/downsample';
import { toCsv } from '../../core/charts/figure';
import { OKABE_ITO, seriesStyle } from '../../core/charts/palette';
import { look, paperCanvas, paperPreset, pixelSize } from '../../core/charts/preset';

describe('log-axis labels', () => {
  it('writes exact powers of ten as 10 with a raised exponent, whatever the rounding of the tick', () => {
    expect(logTickLabel(1e-7)).toBe('{base|10}{sup|-7}');
    expect(logTickLabel(1.0000000000000001e-7)).toBe('{base|10}{sup|-7}');
    expect(logTickLabel(1000)).toBe('{base|10}{sup|3}');
    expect(logTickLabel(1)).toBe('{base|10}{sup|0}');
  });

  it('writes other ticks as mantissa x 10^k, and plain numbers where asked', () => {
    expect(logTickLabel(3e-5)).toBe('{base|3\u00d710}{sup|-5}');
    expect(logTickLabel(100, 'plain')).toBe('{base|100}');
    expect(logTickLabel(0.001, 'plain')).toBe('{base|0.001}');
    expect(logTickLabel(1e7, 'plain')).toBe('{base|10}{sup|7}');
  });

  it('has plain-text forms for legends and CSV, with a real minus sign', () => {
    expect(logTickText(1e-12)).toBe(`1e${MINUS}12`);
    expect(logTickText(250)).toBe('250');
    expect(shortNumber(0.30000000000000004)).toBe('0.3');
    expect(shortNumber(-1.5e-9)).toBe(`${MINUS}1.5e${MINUS}9`);
  });
});

describe('downsampling', () => {
  const x = Array.from({ length: 10_000 }, (_, i) => i);
  const y = x.map((i) => Math.sin(i / 300) + (i === 5000 ? 50 : 0));

  it('LTTB keeps at most the budget, the end points, and a lone spike', () => {
    const kept = lttbIndices(x, y, 200);
    expect(kept.length).toBe(200);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(9999);
    expect(kept).toContain(5000);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });

  it('LTTB skips non-finite values (log10 of 0) and returns short series whole', () => {
    expect(lttbIndices([0, 1, 2, 3], [1, -Infinity, 2, 3], 10)).toEqual([0, 2, 3]);
  });
});

describe('presets and files', () => {
  it('a PNG is round(W / 25.4 * D) x round(H / 25.4 * D) pixels', () => {
    expect(pixelSize(100, 70, 300)).toEqual({ width: 1181, height: 827 });
    expect(pixelSize(85, 60, 600)).toEqual({ width: 2008, height: 1417 });
    expect(pixelSize(25.4, 25.4, 72)).toEqual({ width: 72, height: 72 });
  });

  it('lays paper figures out in points, with the bundled serif and a white background', () => {
    const preset = paperPreset(127, 50.8);
    expect(paperCanvas(preset)).toEqual({ width: 360, height: 144 });
    const lk = look(preset);
    expect(lk.fontFamily).toBe("'Source Serif 4', serif");
    expect(lk.background).toBe('#ffffff');
    expect(lk.paper).toBe(true);
    expect(() => paperPreset(5, 50)).toThrow(/at least 20 mm/);
  });

  it('animates on screen unless the reader asked for reduced motion, and never on paper', () => {
    expect(look({ kind: 'screen' }).animate).toBe(true);
    expect(look({ kind: 'screen', animate: false }).animate).toBe(false);
    expect(look(paperPreset()).animate).toBe(false);
  });

  it('gives every one of the first 8 series its own colour, and neighbours different dashes and markers', () => {
    const styles = Array.from({ length: 8 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => s.color)).size).toBe(8);
    expect(styles.map((s) => s.color)).toEqual([...OKABE_ITO]);
    for (let i = 1; i < 8; i++) {
      expect(styles[i].marker).not.toBe(styles[i - 1].marker);
      expect(JSON.stringify(styles[i].dash)).not.toBe(JSON.stringify(styles[i - 1].dash));
    }
  });

  it('writes CSV with a header, quoting what needs it and shortest round-trip numbers', () => {
    const csv = toCsv({
      columns: ['series', 'x', 'y'],
      rows: [
        ['d = 3, s = 1', 0.1 + 0.2, null],
        ['say "hi"', 1e-300, 2],
      ],
    });
    expect(csv).toBe('series,x,y\n"d = 3, s = 1",0.30000000000000004,\n"say ""hi""",1e-300,2\n');
  });
});
