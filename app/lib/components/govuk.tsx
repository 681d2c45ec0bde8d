/**
 * GOV.UK Frontend components, ported as small JSX components whose markup follows
 * the fixtures govuk-frontend ships. Every form works with JavaScript off.
 */
import { Fragment, type ReactNode } from "react";
import { Link } from "@remix-run/react";

export type FieldErrors = Record<string, string | undefined>;

const cx = (...c: (string | false | null | undefined | 0)[]) => c.filter(Boolean).join(" ");

/**
 * The GOV.UK error summary: one link per field error, in `order` first, then any other
 * field with an error (so no error is left out of the summary). `after` may add
 * something after a message, such as a link to a clashing booking. Each link goes to the
 * field's input (a date's first box in error); `targets` names another element to link to.
 * An error for the whole form (a key starting `_`) has no field, so it is shown as text
 * unless `targets` names something focusable for it.
 */
export function ErrorSummary({
  errors,
  order,
  after,
  targets,
  values,
}: {
  errors: FieldErrors | undefined;
  order?: string[];
  after?: (key: string) => ReactNode;
  targets?: Record<string, string | undefined>;
  /**
   * The submitted values: a date's error (fields <key>-day, -month and -year, or <key> holding
   * { day, month, year }) links to its first box in error.
   */
  values?: object | null;
}) {
  if (!errors) return null;
  const keys = (order ?? Object.keys(errors)).filter((k) => errors[k]);
  for (const k of Object.keys(errors)) if (errors[k] && !keys.includes(k)) keys.push(k);
  if (keys.length === 0) return null;
  const target = (k: string) => {
    if (targets?.[k]) return targets[k];
    if (k.startsWith("_")) return undefined;
    const date = values ? submittedDate(values as Record<string, unknown>, k) : undefined;
    if (date) return `${fieldId(k)}-${dateErrorParts(errors[k], date)[0]}`;
    return fieldId(k);
  };
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {keys.map((k) => {
              const t = target(k);
              return (
                <li key={k}>
                  {t ? <a href={`#${t}`}>{errors[k]}</a> : errors[k]}
                  {after?.(k)}
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </div>
  );
}

const DATE_PARTS: DatePart[] = ["day", "month", "year"];
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The date submitted for a field, if the field is a date input. */
function submittedDate(values: Record<string, unknown>, k: string): DateValue | undefined {
  const nested = values[k];
  if (nested && typeof nested === "object" && "day" in nested) {
    const n = nested as Record<string, unknown>;
    return { day: str(n.day), month: str(n.month), year: str(n.year) };
  }
  if (!DATE_PARTS.some((part) => `${k}-${part}` in values)) return undefined;
  return { day: str(values[`${k}-day`]), month: str(values[`${k}-month`]), year: str(values[`${k}-year`]) };
}

/** Field names to ids. */
export const fieldId = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, "-");

/** The field's error message, with the id `<id>-error` its input's aria-describedby names. */
export function ErrorMessage({ id, message }: { id?: string; message?: ReactNode }) {
  if (!message) return null;
  return (
    <p id={id ? `${id}-error` : undefined} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

type Size = "s" | "m" | "l" | "xl";

/** A label, wrapped in a page heading (`<h1 class="govuk-label-wrapper">`) when it is the page's question. */
function Label({ id, label, size, isHeading }: { id: string; label: ReactNode; size?: Size; isHeading?: boolean }) {
  const el = (
    <label className={cx("govuk-label", size && `govuk-label--${size}`)} htmlFor={id}>
      {label}
    </label>
  );
  return isHeading ? <h1 className="govuk-label-wrapper">{el}</h1> : el;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <div id={`${id}-hint`} className="govuk-hint">
      {hint}
    </div>
  );
}

/** A legend: `legendSize` defaults to "s" (null for none); `legendIsHeading` makes it the page's h1. */
function Legend({ legend, size = "s", isHeading }: { legend: ReactNode; size?: Size | null; isHeading?: boolean }) {
  return (
    <legend className={cx("govuk-fieldset__legend", size && `govuk-fieldset__legend--${size}`)}>
      {isHeading ? <h1 className="govuk-fieldset__heading">{legend}</h1> : legend}
    </legend>
  );
}

interface LabelProps {
  name: string;
  /** The element id; defaults to the name (with characters an id cannot hold replaced). */
  id?: string;
  label: ReactNode;
  labelSize?: Size;
  labelIsHeading?: boolean;
  hint?: ReactNode;
  error?: string;
}

interface InputProps extends LabelProps {
  defaultValue?: string | number | null;
  type?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email" | "search";
  spellCheck?: boolean;
  prefix?: string;
  suffix?: string;
}

/** A GOV.UK file upload of CSV files (one, or several with `multiple`), with its label, hint and error. */
export function FileUpload(p: LabelProps & { multiple?: boolean; accept?: string }) {
  const id = p.id ?? fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <Label id={id} label={p.label} size={p.labelSize} isHeading={p.labelIsHeading} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} message={p.error} />
      <input
        className={cx("govuk-file-upload", p.error && "govuk-file-upload--error")}
        id={id}
        name={p.name}
        type="file"
        multiple={p.multiple}
        accept={p.accept ?? ".csv,text/csv"}
        aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}
      />
    </div>
  );
}

export function Input(p: InputProps) {
  const id = p.id ?? fieldId(p.name);
  const describedBy = cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined;
  const widthClass = p.width ? (p.width === "full" ? "govuk-!-width-full" : `govuk-input--width-${p.width}`) : undefined;
  const input = (
    <input
      className={cx("govuk-input", widthClass, p.error && "govuk-input--error")}
      id={id}
      name={p.name}
      type={p.type ?? "text"}
      defaultValue={p.defaultValue ?? undefined}
      aria-describedby={describedBy}
      autoComplete={p.autoComplete}
      inputMode={p.inputMode}
      spellCheck={p.spellCheck}
    />
  );
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <Label id={id} label={p.label} size={p.labelSize} isHeading={p.labelIsHeading} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} message={p.error} />
      {p.prefix || p.suffix ? (
        <div className="govuk-input__wrapper">
          {p.prefix ? (
            <div className="govuk-input__prefix" aria-hidden="true">
              {p.prefix}
            </div>
          ) : null}
          {input}
          {p.suffix ? (
            <div className="govuk-input__suffix" aria-hidden="true">
              {p.suffix}
            </div>
          ) : null}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function Textarea(p: LabelProps & { defaultValue?: string | null; rows?: number; autoComplete?: string; spellCheck?: boolean }) {
  const id = p.id ?? fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <Label id={id} label={p.label} size={p.labelSize} isHeading={p.labelIsHeading} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} message={p.error} />
      <textarea
        className={cx("govuk-textarea", p.error && "govuk-textarea--error")}
        id={id}
        name={p.name}
        rows={p.rows ?? 5}
        defaultValue={p.defaultValue ?? undefined}
        aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}
        autoComplete={p.autoComplete}
        spellCheck={p.spellCheck}
      />
    </div>
  );
}

export type DatePart = "day" | "month" | "year";
export interface DateValue {
  day: string;
  month: string;
  year: string;
}
/**
 * The boxes of a date input to mark in error, as GOV.UK asks: when some boxes are empty and
 * others not ("must include a month"), the empty ones; when the year is not 4 digits, the year;
 * otherwise all three.
 */
export function dateErrorParts(error: string | undefined, value: DateValue | undefined): DatePart[] {
  if (!error || !value) return DATE_PARTS;
  const empty = DATE_PARTS.filter((k) => (value[k] ?? "").trim() === "");
  if (empty.length > 0 && empty.length < 3) return empty;
  if (empty.length === 0 && !/^\d{4}$/.test(value.year.trim())) return ["year"];
  return DATE_PARTS;
}

/**
 * GOV.UK date input: the group's id is the field's, its boxes `<id>-day`, `<id>-month` and
 * `<id>-year`, named `<name>-day` and so on. `errorParts` says which boxes are in error; by
 * default they follow from the value (see dateErrorParts).
 */
export function DateInput(p: {
  /** The name prefix: the boxes are named <name>-day, <name>-month, <name>-year ("" for day, month, year). */
  name: string;
  id?: string;
  legend: ReactNode;
  legendSize?: Size | null;
  legendIsHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  errorParts?: DatePart[];
  value?: DateValue;
}) {
  const id = p.id ?? fieldId(p.name);
  const v = p.value ?? { day: "", month: "", year: "" };
  const parts = p.errorParts ?? (p.error ? dateErrorParts(p.error, p.value) : []);
  const box = (part: DatePart, label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
          {label}
        </label>
        <input
          className={cx("govuk-input govuk-date-input__input", `govuk-input--width-${width}`, parts.includes(part) && "govuk-input--error")}
          id={`${id}-${part}`}
          name={p.name ? `${p.name}-${part}` : part}
          type="text"
          defaultValue={v[part] || undefined}
          inputMode="numeric"
        />
      </div>
    </div>
  );
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <fieldset
        className="govuk-fieldset"
        role="group"
        aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}
      >
        <Legend legend={p.legend} size={p.legendSize} isHeading={p.legendIsHeading} />
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} message={p.error} />
        <div className="govuk-date-input" id={id}>
          {box("day", "Day", "2")}
          {box("month", "Month", "2")}
          {box("year", "Year", "4")}
        </div>
      </fieldset>
    </div>
  );
}

export interface Choice {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown under the choice when it is chosen (GOV.UK's conditional reveal; always shown without JavaScript). */
  conditional?: ReactNode;
  /** Checkboxes only: choosing it clears the others ("None"). */
  exclusive?: boolean;
}
export type ChoiceOrDivider = Choice | { divider: string };

interface GroupProps {
  name: string;
  /** The first choice's id, the others `<idPrefix>-2` and so on; defaults to the name. */
  idPrefix?: string;
  legend: ReactNode;
  legendSize?: Size | null;
  legendIsHeading?: boolean;
  hint?: ReactNode;
  error?: string;
  choices: ChoiceOrDivider[];
  small?: boolean;
}

function Choices(p: GroupProps & { kind: "radios" | "checkboxes"; isChecked: (v: string) => boolean; inline?: boolean }) {
  const id = p.idPrefix ?? fieldId(p.name);
  const k = p.kind;
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <fieldset className="govuk-fieldset" aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}>
        <Legend legend={p.legend} size={p.legendSize} isHeading={p.legendIsHeading} />
        <Hint id={id} hint={p.hint} />
        <ErrorMessage id={id} message={p.error} />
        <div className={cx(`govuk-${k}`, p.inline && `govuk-${k}--inline`, p.small && `govuk-${k}--small`)} data-module={`govuk-${k}`}>
          {p.choices.map((c, i) => {
            if ("divider" in c) {
              return (
                <div className={`govuk-${k}__divider`} key={`divider-${i}`}>
                  {c.divider}
                </div>
              );
            }
            const cid = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <Fragment key={c.value}>
                <div className={`govuk-${k}__item`}>
                  <input
                    className={`govuk-${k}__input`}
                    id={cid}
                    name={p.name}
                    type={k === "radios" ? "radio" : "checkbox"}
                    value={c.value}
                    defaultChecked={p.isChecked(c.value)}
                    aria-describedby={c.hint ? `${cid}-item-hint` : undefined}
                    data-aria-controls={c.conditional ? `conditional-${cid}` : undefined}
                    data-behaviour={k === "checkboxes" && c.exclusive ? "exclusive" : undefined}
                  />
                  <label className={`govuk-label govuk-${k}__label`} htmlFor={cid}>
                    {c.label}
                  </label>
                  {c.hint ? (
                    <div id={`${cid}-item-hint`} className={`govuk-hint govuk-${k}__hint`}>
                      {c.hint}
                    </div>
                  ) : null}
                </div>
                {c.conditional ? (
                  <div
                    className={cx(`govuk-${k}__conditional`, !p.isChecked(c.value) && `govuk-${k}__conditional--hidden`)}
                    id={`conditional-${cid}`}
                  >
                    {c.conditional}
                  </div>
                ) : null}
              </Fragment>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios(p: GroupProps & { defaultValue?: string | null; inline?: boolean }) {
  return <Choices {...p} kind="radios" isChecked={(v) => p.defaultValue === v} />;
}

export function Checkboxes(p: GroupProps & { defaultValues?: string[] }) {
  return <Choices {...p} kind="checkboxes" isChecked={(v) => p.defaultValues?.includes(v) ?? false} />;
}

export function Select(p: LabelProps & { options: { value: string; label: string }[]; defaultValue?: string | null }) {
  const id = p.id ?? fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <Label id={id} label={p.label} size={p.labelSize} isHeading={p.labelIsHeading} />
      <Hint id={id} hint={p.hint} />
      <ErrorMessage id={id} message={p.error} />
      <select
        className={cx("govuk-select", p.error && "govuk-select--error")}
        id={id}
        name={p.name}
        defaultValue={p.defaultValue ?? undefined}
        aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Button({
  children,
  secondary,
  warning,
  name,
  value,
}: {
  children: ReactNode;
  secondary?: boolean;
  warning?: boolean;
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      className={cx("govuk-button", secondary && "govuk-button--secondary", warning && "govuk-button--warning")}
      data-module="govuk-button"
      name={name}
      value={value}
    >
      {children}
    </button>
  );
}

export function ButtonLink({ to, children, secondary }: { to: string; children: ReactNode; secondary?: boolean }) {
  return (
    <Link
      to={to}
      role="button"
      draggable={false}
      className={cx("govuk-button", secondary && "govuk-button--secondary")}
      data-module="govuk-button"
    >
      {children}
    </Link>
  );
}

/** The tag colours govuk-frontend 6.6.0 defines; no colour is its default (blue). */
export type TagColour = "grey" | "green" | "teal" | "purple" | "magenta" | "red" | "orange" | "yellow";
export function Tag({ children, colour }: { children: ReactNode; colour?: TagColour }) {
  return <strong className={cx("govuk-tag", colour && `govuk-tag--${colour}`)}>{children}</strong>;
}

export function WarningText({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-warning-text">
      <span className="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong className="govuk-warning-text__text">
        <span className="govuk-visually-hidden">Warning</span> {children}
      </strong>
    </div>
  );
}

/** `heading` is GOV.UK's `text`: one line shown as the banner's heading; `children` is its `html`. */
export function NotificationBanner({
  title,
  heading,
  children,
  success,
}: {
  title?: string;
  heading?: ReactNode;
  children?: ReactNode;
  success?: boolean;
}) {
  return (
    <div
      className={cx("govuk-notification-banner", success && "govuk-notification-banner--success")}
      role={success ? "alert" : "region"}
      aria-labelledby="govuk-notification-banner-title"
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="govuk-notification-banner-title">
          {title ?? (success ? "Success" : "Important")}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <p className="govuk-notification-banner__heading">{heading}</p> : null}
        {children}
      </div>
    </div>
  );
}

/** When any row has an action, the rows without one are marked `--no-actions`, as GOV.UK's are. */
export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode; action?: ReactNode }[] }) {
  const anyAction = rows.some((r) => r.action);
  return (
    <dl className="govuk-summary-list">
      {rows.map((r, i) => (
        <div className={cx("govuk-summary-list__row", anyAction && !r.action && "govuk-summary-list__row--no-actions")} key={i}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
          {r.action ? <dd className="govuk-summary-list__actions">{r.action}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

export interface Column<T> {
  header?: ReactNode;
  /** The header in words, for a header that is not plain text: labels the cell when a narrow screen stacks the row. */
  label?: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/**
 * A GOV.UK table. `firstCellIsHeader` makes each row's first cell its header (`<th scope="row">`),
 * so a screen reader reads the row's name with each figure. With no column headers there is no `<thead>`.
 * A table of three or more headed columns stacks on a narrow screen (waypoint.css): each row
 * becomes a block and each cell is labelled with its column's header, so nothing scrolls sideways
 * at 320 to 640 pixels. The explicit roles keep it a table for screen readers when it is stacked.
 */
export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  captionSize = "m",
  empty,
  firstCellIsHeader,
}: {
  caption?: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, i: number) => string | number;
  captionSize?: "s" | "m" | "l";
  empty?: ReactNode;
  firstCellIsHeader?: boolean;
}) {
  if (rows.length === 0 && empty) {
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">{empty}</p>
      </>
    );
  }
  const headed = columns.some((c) => c.header !== undefined);
  const stack = headed && columns.length >= 3;
  const role = (r: string) => (stack ? r : undefined);
  const labelOf = (c: Column<T>) => c.label ?? (typeof c.header === "string" ? c.header : undefined);
  return (
    <table className={cx("govuk-table", stack && "waypoint-table--stack")} role={role("table")}>
      {caption ? <caption className={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption> : null}
      {headed ? (
        <thead className="govuk-table__head" role={role("rowgroup")}>
          <tr className="govuk-table__row" role={role("row")}>
            {columns.map((c, i) => (
              <th
                scope="col"
                className={cx("govuk-table__header", c.numeric && "govuk-table__header--numeric")}
                key={i}
                role={role("columnheader")}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody className="govuk-table__body" role={role("rowgroup")}>
        {rows.map((r, i) => (
          <tr className="govuk-table__row" key={rowKey(r, i)} role={role("row")}>
            {columns.map((c, j) =>
              j === 0 && firstCellIsHeader ? (
                <th
                  scope="row"
                  className={cx("govuk-table__header", c.numeric && "govuk-table__header--numeric")}
                  key={j}
                  role={role("rowheader")}
                  data-label={stack ? labelOf(c) : undefined}
                >
                  {c.cell(r)}
                </th>
              ) : (
                <td
                  className={cx("govuk-table__cell", c.numeric && "govuk-table__cell--numeric")}
                  key={j}
                  role={role("cell")}
                  data-label={stack ? labelOf(c) : undefined}
                >
                  {c.cell(r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A wide grid (a statutory return, a report by month) in a box that scrolls sideways on a
 * narrow screen, so the page itself never does; the box is labelled and takes focus, so a
 * keyboard can scroll it (WCAG 2.1.1).
 */
export function ScrollBox({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={cx("waypoint-table-scroll", className)} role="region" aria-label={`${label} (scrolls sideways)`} tabIndex={0}>
      {children}
    </div>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

/**
 * The pages GOV.UK's pagination shows: the first, the last, the current one and two either
 * side, with an ellipsis for each gap (a gap of one page shows that page instead).
 */
export function paginationItems(page: number, pages: number): (number | "ellipsis")[] {
  const shown = (p: number) => p === 1 || p === pages || Math.abs(p - page) <= 2;
  const out: (number | "ellipsis")[] = [];
  for (let p = 1; p <= pages; p++) {
    if (shown(p) || (shown(p - 1) && shown(p + 1))) out.push(p);
    else if (out[out.length - 1] !== "ellipsis") out.push("ellipsis");
  }
  return out;
}

const PREV_ICON = "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z";
const NEXT_ICON = "m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z";
function PaginationIcon({ rel }: { rel: "prev" | "next" }) {
  return (
    <svg
      className={`govuk-pagination__icon govuk-pagination__icon--${rel}`}
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d={rel === "prev" ? PREV_ICON : NEXT_ICON} />
    </svg>
  );
}

/** GOV.UK's standard pagination: previous, numbered pages (see paginationItems), next. */
export function Pagination({ page, pages, href }: { page: number; pages: number; href: (p: number, rel?: "prev" | "next") => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1, "prev")} rel="prev">
            <PaginationIcon rel="prev" />
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {paginationItems(page, pages).map((p, i) =>
          p === "ellipsis" ? (
            <li className="govuk-pagination__item govuk-pagination__item--ellipsis" key={`e${i}`}>
              {"\u22ef"}
            </li>
          ) : (
            <li className={cx("govuk-pagination__item", p === page && "govuk-pagination__item--current")} key={p}>
              <Link
                className="govuk-link govuk-pagination__link"
                to={href(p)}
                aria-label={`Page ${p}`}
                aria-current={p === page ? "page" : undefined}
              >
                {p}
              </Link>
            </li>
          ),
        )}
      </ul>
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1, "next")} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
            <PaginationIcon rel="next" />
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
