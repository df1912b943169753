import { useId, type ReactNode } from "react";
import { cn } from "../cn.js";
import type { Tone } from "./Badge.js";
import { niceScale } from "./BarChart.js";

/** Fills by meaning (`tone`) and, for series without a meaning (codes, people), a calm sequence. */
const toneFill: Record<Tone, { svg: string; swatch: string }> = {
  success: { svg: "fill-success-600", swatch: "bg-success-600" },
  warning: { svg: "fill-warning-500", swatch: "bg-warning-500" },
  danger: { svg: "fill-danger-500", swatch: "bg-danger-500" },
  muted: { svg: "fill-muted-500", swatch: "bg-muted-500" },
  brand: { svg: "fill-brand-600", swatch: "bg-brand-600" },
  neutral: { svg: "fill-neutral-300", swatch: "bg-neutral-300" },
};
const sequence = [
  { svg: "fill-brand-700", swatch: "bg-brand-700" },
  { svg: "fill-brand-300", swatch: "bg-brand-300" },
  { svg: "fill-ink-500", swatch: "bg-ink-500" },
  { svg: "fill-brand-500", swatch: "bg-brand-500" },
  { svg: "fill-neutral-400", swatch: "bg-neutral-400" },
];

export interface ColumnChartSeries {
  key: string;
  /** Legend text. */
  label: string;
  /** One value per category (same order as `categories`). */
  values: number[];
  /** `column` (default) or `line` (drawn over the columns, with a marker per point). */
  kind?: "column" | "line";
  /** Meaning colour; without it, series take the next colour of a neutral sequence. */
  tone?: Tone;
}

export interface ColumnChartProps {
  /** Names the chart (caption and the SVG's accessible name). */
  title: string;
  /** One or two sentences a screen reader hears: what is counted and the headline numbers. */
  description: string;
  /** Labels of the horizontal axis (months, buckets). */
  categories: string[];
  /** Small second line under a category label (e.g. "open"). */
  categoryNotes?: (string | null)[];
  series: ColumnChartSeries[];
  /** Column series stack on each other (totals per category) instead of standing side by side. */
  stacked?: boolean;
  /** Name of the vertical axis ("US dollars", "patients"). */
  axisLabel: string;
  /** Formats tick labels and value labels (defaults to the number). */
  format?: (value: number) => string;
  /** Fixed top of the scale (e.g. 100 for percentages); defaults to a round step above the largest. */
  max?: number;
  /** Prints each column's value (or stack total) above it; off for dense charts. */
  showValues?: boolean;
  showCaption?: boolean;
  className?: string;
  /** Text after the chart (e.g. a note on open months). */
  footnote?: ReactNode;
}

const WIDTH = 760;
const HEIGHT = 240;
const PAD = { top: 18, right: 12, bottom: 40, left: 64 };

/**
 * Columns (side by side or stacked) and optional lines over a series of categories, drawn as a
 * server-rendered SVG: labelled axes, a legend in HTML, an accessible name and description, no
 * client code. Pair it with a table of the same numbers (the page's, so it can add context such as a
 * month's status). Decision 0015.
 */
export function ColumnChart({
  title,
  description,
  categories,
  categoryNotes,
  series,
  stacked = false,
  axisLabel,
  format = (v) => String(v),
  max,
  showValues = true,
  showCaption = true,
  className,
  footnote,
}: ColumnChartProps) {
  const id = useId();
  const columns = series.filter((s) => (s.kind ?? "column") === "column");
  const lines = series.filter((s) => s.kind === "line");
  let next = 0;
  const fillOf = new Map(
    series.map((s) => [s.key, s.tone ? toneFill[s.tone] : sequence[next++ % sequence.length]!]),
  );
  const stackTotals = categories.map((_, i) =>
    columns.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0),
  );
  const largest = Math.max(
    1,
    ...(stacked ? stackTotals : columns.flatMap((s) => s.values)),
    ...lines.flatMap((s) => s.values),
  );
  const { top, ticks } =
    max !== undefined
      ? { top: max, ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * max) }
      : niceScale(largest);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, categories.length);
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / top) * plotH;
  const groupW = Math.min(slot * 0.64, 96);
  const colW = stacked || columns.length === 0 ? groupW : groupW / columns.length;
  const labelEvery = Math.ceil(categories.length / 12);
  // The number printed above a category: the stack's total, or the only column's value.
  const labelled = categories.map((_, i) =>
    stacked ? stackTotals[i]! : columns.length === 1 ? (columns[0]!.values[i] ?? 0) : 0,
  );

  return (
    <figure className={cn("w-full", className)}>
      <figcaption
        className={cn(showCaption ? "mb-2 text-compact text-ink-600" : "sr-only")}
        id={`${id}-title`}
      >
        {title}
      </figcaption>
      <ul aria-hidden="true" className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-2xs text-ink-600">
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            {s.kind === "line" ? (
              <span className="inline-block h-0.5 w-4 bg-ink-800" />
            ) : (
              <span className={cn("size-2.5 rounded-sm", fillOf.get(s.key)!.swatch)} />
            )}
            {s.label}
          </li>
        ))}
      </ul>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="h-auto w-full overflow-visible"
      >
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(t)}
              y2={y(t)}
              className={t === 0 ? "stroke-neutral-400" : "stroke-neutral-200"}
              strokeWidth={1}
            />
            <text
              x={PAD.left - 8}
              y={y(t)}
              dy="0.32em"
              textAnchor="end"
              className="fill-ink-500 text-[11px] tabular-nums"
            >
              {format(t)}
            </text>
          </g>
        ))}
        <text
          transform={`translate(14 ${PAD.top + plotH / 2}) rotate(-90)`}
          textAnchor="middle"
          className="fill-ink-500 text-[11px]"
        >
          {axisLabel}
        </text>
        {categories.map((category, i) => {
          const x0 = PAD.left + i * slot + (slot - groupW) / 2;
          let base = 0;
          return (
            <g key={category}>
              {columns.map((s, k) => {
                const v = Math.max(0, s.values[i] ?? 0);
                const x = stacked ? x0 : x0 + k * colW;
                const from = stacked ? base : 0;
                base += stacked ? v : 0;
                const h = y(from) - y(from + v);
                return v > 0 ? (
                  <rect
                    key={s.key}
                    x={x}
                    y={y(from + v)}
                    width={Math.max(1, colW - (stacked ? 0 : 2))}
                    height={Math.max(1, h)}
                    rx={2}
                    className={fillOf.get(s.key)!.svg}
                  >
                    <title>{`${category} · ${s.label}: ${format(v)}`}</title>
                  </rect>
                ) : null;
              })}
              {showValues && labelled[i]! > 0 ? (
                <text
                  x={x0 + groupW / 2}
                  y={y(labelled[i]!) - 5}
                  textAnchor="middle"
                  className="fill-ink-800 text-[11px] font-semibold tabular-nums"
                >
                  {format(labelled[i]!)}
                </text>
              ) : null}
              {i % labelEvery === 0 ? (
                <text
                  x={PAD.left + i * slot + slot / 2}
                  y={PAD.top + plotH + 16}
                  textAnchor="middle"
                  className="fill-ink-700 text-[11px]"
                >
                  {category}
                  {categoryNotes?.[i] ? (
                    <tspan
                      x={PAD.left + i * slot + slot / 2}
                      dy="1.25em"
                      className="fill-ink-500 text-[10px]"
                    >
                      {categoryNotes[i]}
                    </tspan>
                  ) : null}
                </text>
              ) : null}
            </g>
          );
        })}
        {lines.map((s) => {
          const points = categories.map((_, i) => ({
            x: PAD.left + i * slot + slot / 2,
            v: s.values[i],
          }));
          const drawn = points.filter(
            (p): p is { x: number; v: number } => typeof p.v === "number" && Number.isFinite(p.v),
          );
          return (
            <g key={s.key}>
              <polyline
                points={drawn.map((p) => `${p.x},${y(p.v)}`).join(" ")}
                className="fill-none stroke-ink-800"
                strokeWidth={2}
              />
              {drawn.map((p, i) => (
                <g key={i}>
                  <circle
                    cx={p.x}
                    cy={y(p.v)}
                    r={4}
                    className="fill-white stroke-ink-800"
                    strokeWidth={2}
                  >
                    <title>{`${s.label}: ${format(p.v)}`}</title>
                  </circle>
                  {showValues && columns.length === 0 ? (
                    <text
                      x={p.x}
                      y={y(p.v) - 9}
                      textAnchor="middle"
                      className="fill-ink-800 text-[11px] font-semibold tabular-nums"
                    >
                      {format(p.v)}
                    </text>
                  ) : null}
                </g>
              ))}
            </g>
          );
        })}
      </svg>
      {footnote ? <p className="mt-1 text-2xs text-ink-500">{footnote}</p> : null}
    </figure>
  );
}
