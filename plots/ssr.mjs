// Renders one ECharts option to an SVG document with ECharts' server-side renderer.
//
//   node ssr.mjs ECHARTS_FILE WIDTH HEIGHT < option.js > chart.svg
//
// ECHARTS_FILE is the UMD build (echarts.min.js, saved with a .cjs name so that node loads it
// as CommonJS); stdin is the option object as JavaScript source written by the plots package
// (it may hold formatter functions, so it is evaluated rather than parsed as JSON).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const [echartsFile, width, height] = process.argv.slice(2);
const echarts = createRequire(import.meta.url)(echartsFile);
const option = new Function('return (' + readFileSync(0, 'utf8') + ');')();
const chart = echarts.init(null, null, {
  renderer: 'svg',
  ssr: true,
  width: Number(width),
  height: Number(height),
});
// A server-side render is one frame: with animation on, lines and heat-map cells would be
// caught at the first frame of their entrance animation (stubs, half-drawn cells).
// go-echarts also sets animation on each series, which overrides the option's.
option.animation = false;
for (const series of [].concat(option.series || [])) series.animation = false;
chart.setOption(option);
process.stdout.write(chart.renderToSVGString());
chart.dispose();
