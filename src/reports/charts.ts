import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { toThaiDigits } from './thai-text.ts';

/**
 * Charts drawn on the server: Apache ECharts' server-side SVG renderer (no browser, no canvas), then resvg
 * with the Sarabun font files turns the labels into outlines, so the SVG looks the same in the PDF, in the
 * web page and in a PNG, whatever fonts the viewer has. A section describes a chart as data (`ChartSpec`);
 * only this file knows ECharts.
 */

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
  /** Drawn as a line over the bars (e.g. a budget). */
  line?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** `bar`: one bar per category and series; `pie`: shares of the first series. */
  kind: 'bar' | 'pie';
  categories: string[];
  series: ChartSeries[];
  /** Bars drawn sideways: long Thai names (districts, schools) read better so. */
  horizontal?: boolean;
}

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/sarabun/400Regular/Sarabun_400Regular.ttf'),
  require.resolve('@expo-google-fonts/sarabun/700Bold/Sarabun_700Bold.ttf'),
];
const FONT = 'Sarabun';
/** The office's colours (as the rich menus): navy, gold, then calm companions. */
export const CHART_COLOURS = ['#1457A8', '#F4B400', '#2E8B57', '#C0504D', '#7F63B8', '#4BACC6', '#8C8C8C', '#E07B39'];

export const CHART_WIDTH = 800;

function chartHeight(spec: ChartSpec): number {
  if (spec.kind === 'pie') return 340;
  if (spec.horizontal) return Math.max(180, 70 + spec.categories.length * 28 * Math.max(1, spec.series.filter((s) => !s.line).length));
  return 340;
}

function option(spec: ChartSpec, thaiDigits: boolean, width: number): echarts.EChartsCoreOption {
  const digits = (value: number | string) => (thaiDigits ? toThaiDigits(String(value)) : String(value));
  const text = { fontFamily: FONT, fontSize: 14, color: '#1f2328' };
  const legend = spec.series.length > 1 || spec.kind === 'pie' ? { bottom: 0, textStyle: text } : undefined;
  if (spec.kind === 'pie') {
    const first = spec.series[0];
    return {
      animation: false,
      color: CHART_COLOURS,
      textStyle: text,
      legend,
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '45%'],
          label: { ...text, formatter: (p: { name: string; value: number; percent: number }) => `${p.name}\n${digits(p.value)} (${digits(Math.round(p.percent))}%)` },
          data: spec.categories.map((name, i) => ({ name, value: first?.values[i] ?? 0 })),
        },
      ],
    };
  }
  // On a narrow chart a long name beside a bar is cut short (its full text is in the table above the chart), so
  // the bars keep at least half the width.
  const sideways = width < CHART_WIDTH ? { width: Math.round(width * 0.5), overflow: 'truncate' } : {};
  const categoryAxis = { type: 'category', data: spec.categories, axisLabel: { ...text, interval: 0, ...(spec.horizontal ? sideways : { rotate: spec.categories.length > 8 ? 30 : 0 }) } };
  const valueAxis = { type: 'value', minInterval: 1, axisLabel: { ...text, formatter: (v: number) => digits(v) } };
  return {
    animation: false,
    color: CHART_COLOURS,
    textStyle: text,
    legend,
    grid: { left: 12, right: 24, top: 24, bottom: legend ? 40 : 12, containLabel: true },
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: spec.series.map((s) => ({
      name: s.name,
      type: s.line ? 'line' : 'bar',
      data: s.values,
      barMaxWidth: 36,
      label: s.line ? { show: false } : { show: true, position: spec.horizontal ? 'right' : 'top', ...text, fontSize: 12, formatter: (p: { value: number }) => (p.value ? digits(p.value) : '') },
    })),
  };
}

/** For a page read on a phone: about a 390 px screen's card, so the labels are shown near their drawn size. */
export const PHONE_CHART_WIDTH = 360;

export interface ChartOptions {
  thaiDigits?: boolean;
  /** Pixels; the PDF's width unless given. */
  width?: number;
}

/** The chart as SVG with its text as outlines (readable anywhere, and nothing a viewer could run). */
export function chartSvg(spec: ChartSpec, options: ChartOptions = {}): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: options.width ?? CHART_WIDTH, height: chartHeight(spec) });
  try {
    chart.setOption(option(spec, options.thaiDigits ?? false, options.width ?? CHART_WIDTH));
    const raw = chart.renderToSVGString();
    return new Resvg(raw, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT } }).toString();
  } finally {
    chart.dispose();
  }
}

/**
 * The chart as an `<img>` source for a web page (a data: URL: drawn as a picture, nothing in it can run). `png`: a
 * picture twice the width (sharp on a phone's screen) at about a third of the SVG's bytes, whose outlined Thai
 * text is heavy — for a page with many charts read over a phone's connection.
 */
export function chartDataUrl(spec: ChartSpec, options: ChartOptions & { png?: boolean } = {}): string {
  const svg = chartSvg(spec, options);
  if (options.png) return `data:image/png;base64,${chartPng(svg, (options.width ?? CHART_WIDTH) * 2).toString('base64')}`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The chart as PNG (for an image message), `width` pixels wide. */
export function chartPng(svg: string, width = 1040): Buffer {
  const image = new Resvg(svg, { fitTo: { mode: 'width', value: width }, background: '#ffffff', font: { loadSystemFonts: false } }).render();
  return image.asPng();
}
