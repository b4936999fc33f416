import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

/**
 * What a PDF holds, read with poppler-utils (pdfinfo, pdffonts, pdfimages, pdftotext) and by
 * inflating its content streams: page size, fonts and whether they are embedded, raster images, the
 * path operators that draw the figure, and its text.
 */
export interface PdfFacts {
  pages: number;
  /** the first page in mm (pdfinfo gives points) */
  pageMm: { width: number; height: number };
  fonts: { name: string; type: string; embedded: boolean; subset: boolean }[];
  images: number;
  /** counts of the path operators m, l, c, re in the inflated content streams */
  pathOperators: number;
  text: string;
}

function tool(command: string, args: string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${run.stderr || run.error}`);
  return run.stdout;
}

export function inspectPdf(path: string): PdfFacts {
  const info = tool('pdfinfo', [path]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  if (!size) throw new Error(`pdfinfo gave no page size:\n${info}`);
  const mm = (pt: string) => (Number(pt) * 25.4) / 72;
  const fonts = tool('pdffonts', [path])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: the flags are the 5th to 3rd last columns
      const [emb, sub] = cols.slice(-5, -3);
      return {
        name: cols[0],
        type: cols.slice(1, -6).join(' '),
        embedded: emb === 'yes',
        subset: sub === 'yes',
      };
    });
  const images = tool('pdfimages', ['-list', path])
    .split('\n')
    .slice(2)
    .filter((l) => l.trim()).length;
  const bytes = readFileSync(path);
  let pathOperators = 0;
  const latin = bytes.toString('latin1');
  for (const match of latin.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = latin.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    pathOperators += (content.match(/(?:^|\s)(?:m|l|c|re)(?=\s)/g) ?? []).length;
  }
  return {
    pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
    pageMm: { width: mm(size[1]), height: mm(size[2]) },
    fonts,
    images,
    pathOperators,
    text: tool('pdftotext', [path, '-']),
  };
}
