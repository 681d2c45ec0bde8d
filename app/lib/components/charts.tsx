/**
 * Server-rendered SVG charts: no client-side chart library. Each chart is a <figure>
 * with a caption, an SVG that reads without colour (series differ by dash pattern and
 * marker shape as well as colour, and are labelled directly), and the same numbers as
 * an accessible table that screen readers and print get in full.
 */
import type { ReactNode } from "react";

export interface Point {
  x: string;
  y: number | null;
}
export interface Series {
  name: string;
  points: Point[];
}

// GOV.UK palette colours with at least 3:1 contrast on white.
const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"];
const MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"] as const;

const W = 760;
const H = 300;
const PAD = { top: 16, right: 150, bottom: 48, left: 64 };
const WIDE = { W, H, PAD };
const COMPACT = { W: 360, H: 260, PAD: { top: 16, right: 30, bottom: 48, left: 56 } };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (v <= m * mag) return m * mag;
  return 10 * mag;
}

function Marker({ kind, x, y, colour }: { kind: (typeof MARKERS)[number]; x: number; y: number; colour: string }) {
  if (kind === "square") return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={colour} />;
  if (kind === "triangle") return <polygon points={`${x},${y - 4.5} ${x - 4.5},${y + 3.5} ${x + 4.5},${y + 3.5}`} fill={colour} />;
  if (kind === "diamond") return <polygon points={`${x},${y - 5} ${x + 5},${y} ${x},${y + 5} ${x - 5},${y}`} fill={colour} />;
  return <circle cx={x} cy={y} r={3.5} fill={colour} />;
}

export interface ChartProps {
  /** Used for ids: unique on the page. */
  id: string;
  title: string;
  /** One sentence saying what the chart shows, read by screen readers. */
  description?: string;
  series: Series[];
  yLabel?: string;
  format?: (v: number) => string;
  /** x value to mark with a vertical line (e.g. the start of a change). */
  marker?: { x: string; label: string };
  /** Extra note under the chart (the definition of the measure, say). */
  note?: ReactNode;
  /** Start the y axis at zero (default true). */
  fromZero?: boolean;
  /** Drawn 360 wide for a phone's width: series named in the legend rather than at the lines' ends. */
  compact?: boolean;
}

const defaultFormat = (v: number) => v.toLocaleString("en-GB", { maximumFractionDigits: 1 });

/**
 * Where to put labels wanted at `ys` so that no two are closer than `gap` and all stay
 * within [lo, hi]: each keeps its place where it can, and labels that would overlap are
 * spread evenly about their mean (a chart's end labels never overlap). Returns positions
 * in the order of `ys`.
 */
export function spreadLabels(ys: number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((y, i) => ({ y: Math.min(hi, Math.max(lo, y)), i })).sort((a, b) => a.y - b.y || a.i - b.i);
  // Clusters of labels closer than `gap`, each centred on its members' mean, merged until none overlap.
  let clusters = order.map((o) => ({ members: [o.i], want: o.y, top: o.y }));
  const place = (c: { members: number[]; want: number; top: number }) => {
    const span = (c.members.length - 1) * gap;
    c.top = Math.min(hi - span, Math.max(lo, c.want - span / 2));
  };
  for (;;) {
    clusters.forEach(place);
    const k = clusters.findIndex((c, j) => j > 0 && clusters[j - 1].top + (clusters[j - 1].members.length - 1) * gap + gap > c.top);
    if (k < 0) break;
    const a = clusters[k - 1];
    const b = clusters[k];
    const members = [...a.members, ...b.members];
    const want = (a.want * a.members.length + b.want * b.members.length) / members.length;
    clusters = [...clusters.slice(0, k - 1), { members, want, top: 0 }, ...clusters.slice(k + 1)];
  }
  const out = new Array<number>(ys.length);
  for (const c of clusters) c.members.forEach((i, j) => (out[i] = c.top + j * gap));
  return out;
}

/** The x labels of all series, in first-seen order. */
function xValues(series: Series[]): string[] {
  const seen = new Set<string>();
  for (const s of series) for (const p of s.points) seen.add(p.x);
  return [...seen];
}

export function LineChart({
  id,
  title,
  description,
  series,
  yLabel,
  format = defaultFormat,
  marker,
  note,
  fromZero = true,
  compact = false,
}: ChartProps) {
  // A compact chart is drawn 360 wide, so at a phone's width its labels keep about their size.
  const { W, H, PAD } = compact ? COMPACT : WIDE;
  const xs = xValues(series);
  const values = series.flatMap((s) => s.points.map((p) => p.y)).filter((v): v is number => v !== null && Number.isFinite(v));
  const max = niceMax(Math.max(0, ...values));
  const min = fromZero ? 0 : Math.min(0, ...values);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const xAt = (i: number) => PAD.left + (xs.length <= 1 ? iw / 2 : (i / (xs.length - 1)) * iw);
  const yAt = (v: number) => PAD.top + ih - ((v - min) / (max - min || 1)) * ih;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => min + t * (max - min));
  const labelEvery = Math.max(1, Math.ceil(xs.length / (compact ? 4 : 8)));
  const index = new Map(xs.map((x, i) => [x, i]));
  const ends = series.map((s) => {
    const last = [...s.points].reverse().find((p) => p.y !== null && Number.isFinite(p.y));
    return last ? { x: xAt(index.get(last.x)!), y: yAt(last.y as number) } : null;
  });
  const labelled = series.map((s, si) => !compact && s.name.length <= 18 && ends[si] !== null);
  const labelIdx = series.map((_, si) => si).filter((si) => labelled[si]);
  const spread = spreadLabels(
    labelIdx.map((si) => ends[si]!.y),
    14,
    PAD.top + 4,
    PAD.top + ih,
  );
  const labelY = new Map(labelIdx.map((si, j) => [si, spread[j]]));
  return (
    <figure className="waypoint-chart govuk-!-margin-0 govuk-!-margin-bottom-6" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="govuk-heading-s">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="waypoint-chart__svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description ?? `${title}. The numbers are in the table below the chart.`}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={PAD.left + iw} y1={yAt(t)} y2={yAt(t)} stroke="#b1b4b6" strokeWidth={1} />
            <text x={PAD.left - 6} y={yAt(t) + 4} textAnchor="end" fontSize={12} fill="#0b0c0c">
              {format(t)}
            </text>
          </g>
        ))}
        {xs.map((x, i) =>
          i % labelEvery === 0 || i === xs.length - 1 ? (
            <text key={x} x={xAt(i)} y={H - PAD.bottom + 18} textAnchor="middle" fontSize={12} fill="#0b0c0c">
              {x}
            </text>
          ) : null,
        )}
        {yLabel ? (
          <text
            x={14}
            y={PAD.top + ih / 2}
            fontSize={12}
            fill="#0b0c0c"
            transform={`rotate(-90 14 ${PAD.top + ih / 2})`}
            textAnchor="middle"
          >
            {yLabel}
          </text>
        ) : null}
        {marker && index.has(marker.x) ? (
          <g>
            <line
              x1={xAt(index.get(marker.x)!)}
              x2={xAt(index.get(marker.x)!)}
              y1={PAD.top}
              y2={PAD.top + ih}
              stroke="#0b0c0c"
              strokeWidth={2}
              strokeDasharray="4 4"
            />
            <text x={xAt(index.get(marker.x)!) + 4} y={PAD.top + 12} fontSize={12} fill="#0b0c0c">
              {marker.label}
            </text>
          </g>
        ) : null}
        {series.map((s, si) => {
          const colour = COLOURS[si % COLOURS.length];
          const pts = s.points
            .filter((p) => p.y !== null && Number.isFinite(p.y))
            .map((p) => ({ x: xAt(index.get(p.x)!), y: yAt(p.y as number) }));
          const last = pts[pts.length - 1];
          const showMarkers = pts.length <= 60;
          return (
            <g key={s.name}>
              <polyline
                points={pts.map((p) => `${p.x},${p.y}`).join(" ")}
                fill="none"
                stroke={colour}
                strokeWidth={2.5}
                strokeDasharray={DASHES[si % DASHES.length]}
              />
              {showMarkers
                ? pts.map((p, i) => <Marker key={i} kind={MARKERS[si % MARKERS.length]} x={p.x} y={p.y} colour={colour} />)
                : null}
              {last && labelY.has(si) ? (
                <text x={last.x + 8} y={labelY.get(si)! + 4} fontSize={12} fill={colour} fontWeight="bold">
                  {s.name}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={PAD.left + iw} y1={PAD.top + ih} y2={PAD.top + ih} stroke="#0b0c0c" />
      </svg>
      {series.length > 1 || compact ? (
        <ul className="waypoint-chart__legend govuk-list govuk-body-s" aria-hidden="true">
          {series.map((s, si) => (
            <li key={s.name}>
              <svg width="36" height="12" viewBox="0 0 36 12" aria-hidden="true" focusable="false">
                <line
                  x1={2}
                  x2={34}
                  y1={6}
                  y2={6}
                  stroke={COLOURS[si % COLOURS.length]}
                  strokeWidth={2.5}
                  strokeDasharray={DASHES[si % DASHES.length]}
                />
                <Marker kind={MARKERS[si % MARKERS.length]} x={18} y={6} colour={COLOURS[si % COLOURS.length]} />
              </svg>{" "}
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      {note ? <div className="govuk-body-s govuk-!-margin-top-2">{note}</div> : null}
      <ChartTable id={id} title={title} xs={xs} series={series} format={format} />
    </figure>
  );
}

export interface Bar {
  label: string;
  values: (number | null)[];
}

export function BarChart({
  id,
  title,
  description,
  seriesNames,
  bars,
  format = defaultFormat,
  note,
  stacked = false,
}: {
  id: string;
  title: string;
  description?: string;
  seriesNames: string[];
  bars: Bar[];
  format?: (v: number) => string;
  note?: ReactNode;
  stacked?: boolean;
}) {
  const totals = bars.map((b) =>
    stacked ? b.values.reduce<number>((a, v) => a + (v ?? 0), 0) : Math.max(0, ...b.values.map((v) => v ?? 0)),
  );
  const max = niceMax(Math.max(0, ...totals));
  const rowH = stacked || seriesNames.length === 1 ? 26 : 14 * seriesNames.length + 8;
  const labelW = 200;
  const iw = W - labelW - 110;
  const h = bars.length * rowH + 36;
  const xAt = (v: number) => (v / max) * iw;
  return (
    <figure className="waypoint-chart govuk-!-margin-0 govuk-!-margin-bottom-6" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="govuk-heading-s">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="waypoint-chart__svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description ?? `${title}. The numbers are in the table below the chart.`}</desc>
        <defs>
          {seriesNames.map((_, si) => (
            <pattern
              key={si}
              id={`${id}-p${si}`}
              patternUnits="userSpaceOnUse"
              width={6}
              height={6}
              patternTransform={`rotate(${45 * si})`}
            >
              <rect width={6} height={6} fill={COLOURS[si % COLOURS.length]} />
              {si > 0 ? <line x1={0} y1={0} x2={0} y2={6} stroke="#ffffff" strokeWidth={si % 2 ? 2 : 1} /> : null}
            </pattern>
          ))}
        </defs>
        {bars.map((b, bi) => {
          const y0 = 8 + bi * rowH;
          let acc = 0;
          return (
            <g key={b.label}>
              <text x={labelW - 8} y={y0 + rowH / 2} textAnchor="end" fontSize={12} fill="#0b0c0c">
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              {b.values.map((v, si) => {
                const val = v ?? 0;
                const bh = stacked || seriesNames.length === 1 ? rowH - 8 : 12;
                const y = stacked || seriesNames.length === 1 ? y0 + 2 : y0 + 2 + si * 14;
                const x = labelW + (stacked ? xAt(acc) : 0);
                acc += val;
                return (
                  <rect
                    key={si}
                    x={x}
                    y={y}
                    width={Math.max(0, xAt(val))}
                    height={bh}
                    fill={`url(#${id}-p${si})`}
                    stroke="#0b0c0c"
                    strokeWidth={0.5}
                  />
                );
              })}
              <text x={labelW + xAt(totals[bi]) + 6} y={y0 + rowH / 2} fontSize={12} fill="#0b0c0c">
                {format(totals[bi])}
              </text>
            </g>
          );
        })}
        <line x1={labelW} x2={labelW} y1={4} y2={h - 28} stroke="#0b0c0c" />
        {seriesNames.length > 1
          ? seriesNames.map((n, si) => (
              <g key={n}>
                <rect
                  x={labelW + si * 150}
                  y={h - 22}
                  width={14}
                  height={14}
                  fill={`url(#${id}-p${si})`}
                  stroke="#0b0c0c"
                  strokeWidth={0.5}
                />
                <text x={labelW + si * 150 + 20} y={h - 11} fontSize={12} fill="#0b0c0c">
                  {n}
                </text>
              </g>
            ))
          : null}
      </svg>
      {note ? <div className="govuk-body-s govuk-!-margin-top-2">{note}</div> : null}
      <ChartTable
        id={id}
        title={title}
        xs={bars.map((b) => b.label)}
        series={seriesNames.map((n, si) => ({ name: n, points: bars.map((b) => ({ x: b.label, y: b.values[si] ?? null })) }))}
        format={format}
      />
    </figure>
  );
}

/** The chart's numbers as a table, inside a details element (open when printed). */
export function ChartTable({
  id,
  title,
  xs,
  series,
  format,
}: {
  id: string;
  title: string;
  xs: string[];
  series: Series[];
  format: (v: number) => string;
}) {
  const lookup = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])));
  return (
    <details className="govuk-details waypoint-chart__data govuk-!-margin-top-2">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Show the numbers in a table</span>
      </summary>
      <div
        className="govuk-details__text waypoint-table-scroll"
        role="region"
        aria-label={`${title}: the numbers (scrolls sideways)`}
        tabIndex={0}
      >
        <table className="govuk-table" id={`${id}-table`}>
          <caption className="govuk-table__caption govuk-table__caption--s">{title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Period or group</span>
              </th>
              {series.map((s) => (
                <th key={s.name} scope="col" className="govuk-table__header govuk-table__header--numeric">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {xs.map((x) => (
              <tr key={x} className="govuk-table__row">
                <th scope="row" className="govuk-table__header">
                  {x}
                </th>
                {lookup.map((m, si) => {
                  const v = m.get(x);
                  return (
                    <td key={si} className="govuk-table__cell govuk-table__cell--numeric">
                      {v === null || v === undefined ? "" : format(v)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
