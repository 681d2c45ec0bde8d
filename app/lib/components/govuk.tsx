/**
 * GOV.UK Frontend components, ported as small JSX components whose markup follows
 * the fixtures govuk-frontend ships. Every form works with JavaScript off.
 */
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";

export type FieldErrors = Record<string, string | undefined>;

const cx = (...c: (string | false | null | undefined | 0)[]) => c.filter(Boolean).join(" ");

/**
 * The GOV.UK error summary: one link per field error, in `order` first, then any other
 * field with an error (so no error is left out of the summary). `after` may add
 * something after a message, such as a link to a clashing booking.
 */
export function ErrorSummary({
  errors,
  order,
  after,
}: {
  errors: FieldErrors | undefined;
  order?: string[];
  after?: (key: string) => ReactNode;
}) {
  if (!errors) return null;
  const keys = (order ?? Object.keys(errors)).filter((k) => errors[k]);
  for (const k of Object.keys(errors)) if (errors[k] && !keys.includes(k)) keys.push(k);
  if (keys.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {keys.map((k) => (
              <li key={k}>
                <a href={k.startsWith("_") ? "#main-content" : `#${fieldId(k)}`}>{errors[k]}</a>
                {after?.(k)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/** Field names to ids: the date input's first box gets the field's id. */
export const fieldId = (name: string) => name.replace(/[^a-zA-Z0-9_-]/g, "-");

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {message}
    </p>
  );
}

interface InputProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string | number | null;
  type?: string;
  width?: "2" | "3" | "4" | "5" | "10" | "20" | "30" | "full";
  autoComplete?: string;
  inputMode?: "numeric" | "decimal" | "text" | "email" | "search";
  spellCheck?: boolean;
  labelIsHeading?: boolean;
  prefix?: string;
}

export function Input(p: InputProps) {
  const id = fieldId(p.name);
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
      <label className="govuk-label" htmlFor={id}>
        {p.label}
      </label>
      {p.hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {p.hint}
        </div>
      ) : null}
      <ErrorMessage id={id} message={p.error} />
      {p.prefix ? (
        <div className="govuk-input__wrapper">
          <div className="govuk-input__prefix" aria-hidden="true">
            {p.prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </div>
  );
}

export function Textarea(p: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string | null;
  rows?: number;
}) {
  const id = fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <label className="govuk-label" htmlFor={id}>
        {p.label}
      </label>
      {p.hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {p.hint}
        </div>
      ) : null}
      <ErrorMessage id={id} message={p.error} />
      <textarea
        className={cx("govuk-textarea", p.error && "govuk-textarea--error")}
        id={id}
        name={p.name}
        rows={p.rows ?? 3}
        defaultValue={p.defaultValue ?? undefined}
        aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}
      />
    </div>
  );
}

/** GOV.UK date input: three boxes named <name>-day, <name>-month, <name>-year. */
export function DateInput(p: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  value?: { day: string; month: string; year: string };
}) {
  const id = fieldId(p.name);
  const v = p.value ?? { day: "", month: "", year: "" };
  const box = (part: "day" | "month" | "year", label: string, width: string) => (
    <div className="govuk-date-input__item">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-date-input__label" htmlFor={part === "day" ? id : `${id}-${part}`}>
          {label}
        </label>
        <input
          className={cx("govuk-input govuk-date-input__input", `govuk-input--width-${width}`, p.error && "govuk-input--error")}
          id={part === "day" ? id : `${id}-${part}`}
          name={`${p.name}-${part}`}
          type="text"
          inputMode="numeric"
          defaultValue={v[part]}
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
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{p.legend}</legend>
        {p.hint ? (
          <div id={`${id}-hint`} className="govuk-hint">
            {p.hint}
          </div>
        ) : null}
        <ErrorMessage id={id} message={p.error} />
        <div className="govuk-date-input" id={`${id}-input`}>
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
}

export function Radios(p: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  choices: Choice[];
  defaultValue?: string | null;
  inline?: boolean;
  small?: boolean;
}) {
  const id = fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <fieldset className="govuk-fieldset" aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{p.legend}</legend>
        {p.hint ? (
          <div id={`${id}-hint`} className="govuk-hint">
            {p.hint}
          </div>
        ) : null}
        <ErrorMessage id={id} message={p.error} />
        <div
          className={cx("govuk-radios", p.inline && "govuk-radios--inline", p.small && "govuk-radios--small")}
          data-module="govuk-radios"
        >
          {p.choices.map((c, i) => {
            const cid = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="govuk-radios__item" key={c.value}>
                <input
                  className="govuk-radios__input"
                  id={cid}
                  name={p.name}
                  type="radio"
                  value={c.value}
                  defaultChecked={p.defaultValue === c.value}
                  aria-describedby={c.hint ? `${cid}-hint` : undefined}
                />
                <label className="govuk-label govuk-radios__label" htmlFor={cid}>
                  {c.label}
                </label>
                {c.hint ? (
                  <div id={`${cid}-hint`} className="govuk-hint govuk-radios__hint">
                    {c.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkboxes(p: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  choices: Choice[];
  defaultValues?: string[];
  small?: boolean;
}) {
  const id = fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <fieldset className="govuk-fieldset" aria-describedby={cx(p.hint && `${id}-hint`, p.error && `${id}-error`) || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{p.legend}</legend>
        {p.hint ? (
          <div id={`${id}-hint`} className="govuk-hint">
            {p.hint}
          </div>
        ) : null}
        <ErrorMessage id={id} message={p.error} />
        <div className={cx("govuk-checkboxes", p.small && "govuk-checkboxes--small")} data-module="govuk-checkboxes">
          {p.choices.map((c, i) => {
            const cid = i === 0 ? id : `${id}-${i + 1}`;
            return (
              <div className="govuk-checkboxes__item" key={c.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={cid}
                  name={p.name}
                  type="checkbox"
                  value={c.value}
                  defaultChecked={p.defaultValues?.includes(c.value)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={cid}>
                  {c.label}
                </label>
                {c.hint ? <div className="govuk-hint govuk-checkboxes__hint">{c.hint}</div> : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Select(p: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  defaultValue?: string | null;
}) {
  const id = fieldId(p.name);
  return (
    <div className={cx("govuk-form-group", p.error && "govuk-form-group--error")}>
      <label className="govuk-label" htmlFor={id}>
        {p.label}
      </label>
      {p.hint ? (
        <div id={`${id}-hint`} className="govuk-hint">
          {p.hint}
        </div>
      ) : null}
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

export type TagColour = "grey" | "green" | "turquoise" | "blue" | "light-blue" | "purple" | "pink" | "red" | "orange" | "yellow";
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
        <span className="govuk-visually-hidden">Warning</span>
        {children}
      </strong>
    </div>
  );
}

export function NotificationBanner({ title, children, success }: { title?: string; children: ReactNode; success?: boolean }) {
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
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
}

export function SummaryList({ rows }: { rows: { key: ReactNode; value: ReactNode; action?: ReactNode }[] }) {
  return (
    <dl className="govuk-summary-list">
      {rows.map((r, i) => (
        <div className="govuk-summary-list__row" key={i}>
          <dt className="govuk-summary-list__key">{r.key}</dt>
          <dd className="govuk-summary-list__value">{r.value}</dd>
          {r.action ? <dd className="govuk-summary-list__actions">{r.action}</dd> : null}
        </div>
      ))}
    </dl>
  );
}

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  captionSize = "m",
  empty,
}: {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T, i: number) => string | number;
  captionSize?: "s" | "m" | "l";
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty) {
    return (
      <>
        <h2 className="govuk-heading-m">{caption}</h2>
        <p className="govuk-body">{empty}</p>
      </>
    );
  }
  return (
    <table className="govuk-table">
      <caption className={`govuk-table__caption govuk-table__caption--${captionSize}`}>{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c, i) => (
            <th scope="col" className={cx("govuk-table__header", c.numeric && "govuk-table__header--numeric")} key={i}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r, i) => (
          <tr className="govuk-table__row" key={rowKey(r, i)}>
            {columns.map((c, j) => (
              <td className={cx("govuk-table__cell", c.numeric && "govuk-table__cell--numeric")} key={j}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function BackLink({ to, children = "Back" }: { to: string; children?: ReactNode }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (p: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="govuk-pagination" aria-label="Pagination">
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        <li className="govuk-pagination__item">
          Page {page} of {pages}
        </li>
      </ul>
      {page < pages ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
