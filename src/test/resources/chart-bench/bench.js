// Draws the same 50,000 points with the hand-drawn SVG chart (before) and the uPlot chart (now), and
// measures, median of RUNS: a first draw (create, attach, until the next frame is painted) and a redraw
// with new data (the SVG chart is made anew, as the device page did every second; uPlot's setData).
import { timeChart } from '/js/chart.js';
import { timeChart as svgChart } from './svg-chart.js';

const N = 50_000;
const RUNS = 5;
const box = document.getElementById('box');
const painted = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));

function points(shift) {
  const t0 = Date.UTC(2024, 0, 1);
  return Array.from({ length: N }, (_, i) => {
    const v = 1000 + 200 * Math.sin((i + shift) / 500) + ((i * 37) % 97);
    return { t: t0 + i * 1000, v, lo: v - 150, hi: v + 150, anomalous: i % 5000 === 4999 };
  });
}

const median = xs => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(make, redraw) {
  const first = [], again = [];
  for (let run = 0; run < RUNS; run++) {
    box.replaceChildren();
    await painted();
    const data = points(run), next = points(run + 1);
    let t = performance.now();
    const chart = make(data);
    box.append(chart.el ?? chart);
    box.getBoundingClientRect();
    await painted();
    first.push(performance.now() - t);
    t = performance.now();
    redraw(chart, next);
    box.getBoundingClientRect();
    await painted();
    again.push(performance.now() - t);
    if (run < RUNS - 1) chart.destroy?.(); // the last stays on the page
  }
  return { firstDrawMs: Math.round(median(first)), redrawMs: Math.round(median(again)) };
}

const opts = { label: 'bench', from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 1) + N * 1000 };
const svg = await measure(pts => svgChart(pts, opts), (old, pts) => old.replaceWith(svgChart(pts, opts)));
const uplot = await measure(pts => timeChart(pts, opts), (chart, pts) => chart.update(pts));
window.benchResult = { points: N, runs: RUNS, svg, uplot, userAgent: navigator.userAgent };
document.getElementById('out').textContent = JSON.stringify(window.benchResult, null, 2);
