import {
  type FormEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import {
  ApiError,
  type CaseView,
  type FieldError,
  loadOptions,
  lookup,
  type Options,
  type Receipt,
  rate,
  submit,
} from './api.ts';
import {
  actionLabel,
  formatBytes,
  initialLocale,
  type PublicKey,
  type PublicLocale,
  translate,
} from './i18n.ts';

type Tab = 'message' | 'report' | 'lookup';
type T = (key: PublicKey, params?: Record<string, string | number>) => string;

const TABS: Tab[] = ['message', 'report', 'lookup'];
const TAB_LABEL: Record<Tab, PublicKey> = { message: 'tabMessage', report: 'tabReport', lookup: 'tabLookup' };

function tabFromHash(): Tab {
  const h = location.hash.replace('#', '');
  return (TABS as string[]).includes(h) ? (h as Tab) : 'message';
}

/** Errors of a failed submission, by field; file errors by index. */
interface Problems {
  summary: string | null;
  fields: Record<string, string>;
  files: Record<number, string>;
}
const NO_PROBLEMS: Problems = { summary: null, fields: {}, files: {} };

function problemsOf(err: unknown, t: T): Problems {
  if (!(err instanceof ApiError)) return { summary: t('loadFailed'), fields: {}, files: {} };
  const fields: Record<string, string> = {};
  const files: Record<number, string> = {};
  for (const d of err.details as FieldError[]) {
    if (d.field === 'files' && typeof d.index === 'number') files[d.index] = d.message;
    else if (d.field) fields[d.field.replace(/^data\./, '')] = d.message;
  }
  return { summary: err.message, fields, files };
}

export function PublicApp() {
  const [locale, setLocale] = useState<PublicLocale>(initialLocale);
  const t: T = useCallback((key, params) => translate(locale, key, params), [locale]);
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [options, setOptions] = useState<Options | null>(null);
  const [optionsError, setOptionsError] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [lookupCode, setLookupCode] = useState('');
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    message: null,
    report: null,
    lookup: null,
  });

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${translate(locale, 'appTitle')} · 守望`;
    try {
      localStorage.setItem('sw_public_locale', locale);
    } catch {
      // Private browsing: the choice lasts for this page only.
    }
  }, [locale]);

  const fetchOptions = useCallback(() => {
    setOptionsError(false);
    loadOptions(locale)
      .then(setOptions)
      .catch(() => setOptionsError(true));
  }, [locale]);
  useEffect(fetchOptions, [fetchOptions]);

  useEffect(() => {
    const onHash = () => {
      setReceipt(null);
      setTab(tabFromHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  function go(next: Tab, focus = false) {
    setReceipt(null);
    setTab(next);
    history.replaceState(null, '', `#${next}`);
    if (focus) tabRefs.current[next]?.focus();
  }

  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  function onTabKey(e: React.KeyboardEvent, current: Tab) {
    const i = TABS.indexOf(current);
    let next: Tab | undefined;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length];
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length];
    else if (e.key === 'Home') next = TABS[0];
    else if (e.key === 'End') next = TABS[TABS.length - 1];
    if (next) {
      e.preventDefault();
      go(next, true);
    }
  }

  return (
    <div className="pub">
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <header className="pub-header">
        <div>
          <h1>{t('appTitle')}</h1>
          <p>{t('appSubtitle')}</p>
        </div>
        <button
          type="button"
          className="lang"
          aria-label={t('languageLabel')}
          lang={locale === 'zh-CN' ? 'en' : 'zh'}
          onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
        >
          {t('language')}
        </button>
      </header>
      <div className="tabs" role="tablist" aria-label={t('appTitle')}>
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-selected={tab === k}
            aria-controls="main"
            tabIndex={tab === k ? 0 : -1}
            ref={(el) => {
              tabRefs.current[k] = el;
            }}
            onClick={() => go(k)}
            onKeyDown={(e) => onTabKey(e, k)}
          >
            {t(TAB_LABEL[k])}
          </button>
        ))}
      </div>
      <main id="main" role="tabpanel" aria-labelledby={`tab-${tab}`} tabIndex={-1}>
        {optionsError && tab !== 'lookup' ? (
          <div className="alert" role="alert">
            {t('loadFailed')}{' '}
            <button type="button" className="link" onClick={fetchOptions}>
              {t('retry')}
            </button>
          </div>
        ) : null}
        {receipt ? (
          <ReceiptView
            t={t}
            receipt={receipt}
            onLookup={() => {
              setLookupCode(receipt.queryCode);
              go('lookup');
            }}
            onAnother={() => setReceipt(null)}
          />
        ) : tab === 'lookup' ? (
          <LookupView t={t} locale={locale} initialCode={lookupCode} />
        ) : options ? (
          <SubmitForm
            key={`${tab}-${locale}`}
            kind={tab}
            t={t}
            locale={locale}
            options={options}
            onDone={setReceipt}
          />
        ) : optionsError ? null : (
          <p aria-busy="true">…</p>
        )}
      </main>
    </div>
  );
}

function Field(props: {
  id: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  t: T;
  children: (aria: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
    required?: boolean;
  }) => ReactNode;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        <span className={props.required ? 'req' : 'opt'}>
          {props.required ? ` *` : ` (${props.t('optional')})`}
          {props.required ? <span className="sr">{props.t('required')}</span> : null}
        </span>
      </label>
      {props.hint ? (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.children({
        id: props.id,
        'aria-describedby': describedBy,
        'aria-invalid': props.error ? true : undefined,
        required: props.required || undefined,
      })}
      {props.error ? (
        <p className="error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** Regions as an indented list in tree order (the API gives them in path order). */
function regionOptions(regions: Options['regions']) {
  const depth = new Map<number, number>();
  return regions.map((r) => {
    const d = r.parentId === null ? 0 : (depth.get(r.parentId) ?? 0) + 1;
    depth.set(r.id, d);
    return { id: r.id, label: `${'\u3000'.repeat(d)}${r.name}` };
  });
}

let pickedSeq = 0;

interface Picked {
  key: number;
  file: File;
  url: string | null;
}

function SubmitForm(props: {
  kind: 'message' | 'report';
  t: T;
  locale: PublicLocale;
  options: Options;
  onDone: (r: Receipt) => void;
}) {
  const { kind, t, locale, options } = props;
  const uid = useId();
  const [values, setValues] = useState<Record<string, string>>({ type: 'complaint' });
  const [publishable, setPublishable] = useState(false);
  const [files, setFiles] = useState<Picked[]>([]);
  const [busy, setBusy] = useState<'idle' | 'sending' | 'solving'>('idle');
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const summaryRef = useRef<HTMLDivElement>(null);
  const regions = useMemo(() => regionOptions(options.regions), [options.regions]);
  const limits = options.uploads;

  // Preview URLs are released when a file is removed and when the form goes away.
  const filesRef = useRef(files);
  filesRef.current = files;
  useEffect(
    () => () => {
      for (const f of filesRef.current) if (f.url) URL.revokeObjectURL(f.url);
    },
    [],
  );

  const set = (name: string) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));
  const v = (name: string) => values[name] ?? '';
  const id = (name: string) => `${uid}-${name}`;

  function addFiles(list: FileList | null) {
    if (!list) return;
    const added = [...list].map((file) => ({
      key: ++pickedSeq,
      file,
      url: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
    }));
    setFiles((f) => [...f, ...added]);
  }

  function removeFile(i: number) {
    const gone = files[i];
    if (gone?.url) URL.revokeObjectURL(gone.url);
    setFiles((f) => f.filter((_, j) => j !== i));
  }

  function localProblems(): Problems {
    const fields: Record<string, string> = {};
    const fileProblems: Record<number, string> = {};
    const need = (name: string, ok: boolean) => {
      if (!ok) fields[name] = t('required');
    };
    if (kind === 'message') {
      need('topic', !!v('topic').trim());
      need('regionId', !!v('regionId'));
      need('title', !!v('title').trim());
      need('content', !!v('content').trim());
    } else {
      need('category', !!v('category'));
      need('description', !!v('description').trim());
      if (!v('urls').trim() && !v('targetApp').trim()) fields.urls = t('targetAppHint');
    }
    need('contactName', !options.contact.nameRequired || !!v('contactName').trim());
    need('contactPhone', !options.contact.phoneRequired || !!v('contactPhone').trim());
    files.forEach((f, i) => {
      if (i >= limits.maxFiles) fileProblems[i] = t('tooManyFiles', { max: limits.maxFiles });
      else if (f.file.size > limits.maxFileBytes)
        fileProblems[i] = t('fileTooBig', { name: f.file.name, size: formatBytes(limits.maxFileBytes) });
    });
    const any = Object.keys(fields).length + Object.keys(fileProblems).length > 0;
    return { summary: any ? t('fixErrors') : null, fields, files: fileProblems };
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = localProblems();
    if (local.summary) {
      setProblems(local);
      summaryRef.current?.focus();
      return;
    }
    setProblems(NO_PROBLEMS);
    setBusy('sending');
    const contact = {
      ...(v('contactName').trim() ? { contactName: v('contactName').trim() } : {}),
      ...(v('contactPhone').trim() ? { contactPhone: v('contactPhone').trim() } : {}),
    };
    const data =
      kind === 'message'
        ? {
            type: v('type'),
            topic: v('topic').trim(),
            regionId: Number(v('regionId')),
            title: v('title').trim(),
            content: v('content').trim(),
            publishable,
            ...contact,
          }
        : {
            category: v('category'),
            urls: v('urls')
              .split('\n')
              .map((u) => u.trim())
              .filter(Boolean),
            ...(v('targetApp').trim() ? { targetApp: v('targetApp').trim() } : {}),
            description: v('description').trim(),
            ...(v('regionId') ? { regionId: Number(v('regionId')) } : {}),
            ...contact,
          };
    try {
      const receipt = await submit(
        locale,
        kind === 'message' ? 'messages' : 'reports',
        data,
        files.map((f) => f.file),
        () => setBusy('solving'),
      );
      props.onDone(receipt);
    } catch (err) {
      setProblems(problemsOf(err, t));
      setBusy('idle');
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy('idle');
  }

  const err = (name: string) => problems.fields[name];
  const contactFields = (
    <>
      <Field
        id={id('contactName')}
        label={t('contactName')}
        required={options.contact.nameRequired}
        error={err('contactName')}
        t={t}
      >
        {(a) => (
          <input
            {...a}
            autoComplete="name"
            maxLength={50}
            value={v('contactName')}
            onChange={set('contactName')}
          />
        )}
      </Field>
      <Field
        id={id('contactPhone')}
        label={t('contactPhone')}
        required={options.contact.phoneRequired}
        hint={t('phoneHint')}
        error={err('contactPhone')}
        t={t}
      >
        {(a) => (
          <input
            {...a}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            value={v('contactPhone')}
            onChange={set('contactPhone')}
          />
        )}
      </Field>
    </>
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy !== 'idle'}>
      <div
        ref={summaryRef}
        tabIndex={-1}
        className={problems.summary ? 'alert' : 'sr'}
        role="alert"
        aria-live="assertive"
      >
        {problems.summary}
      </div>
      {kind === 'message' ? (
        <>
          <Field id={id('type')} label={t('type')} required t={t}>
            {(a) => (
              <select {...a} value={v('type')} onChange={set('type')}>
                {options.messageTypes.map((m) => (
                  <option key={m} value={m}>
                    {t(`type_${m}` as PublicKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            id={id('topic')}
            label={t('topic')}
            required
            hint={t('topicHint')}
            error={err('topic')}
            t={t}
          >
            {(a) => <input {...a} maxLength={100} value={v('topic')} onChange={set('topic')} />}
          </Field>
          <Field id={id('regionId')} label={t('region')} required error={err('regionId')} t={t}>
            {(a) => (
              <select {...a} value={v('regionId')} onChange={set('regionId')}>
                <option value="">{t('regionPick')}</option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={id('title')} label={t('title')} required error={err('title')} t={t}>
            {(a) => <input {...a} maxLength={100} value={v('title')} onChange={set('title')} />}
          </Field>
          <Field
            id={id('content')}
            label={t('content')}
            required
            hint={t('contentHint')}
            error={err('content')}
            t={t}
          >
            {(a) => (
              <textarea {...a} rows={6} maxLength={5000} value={v('content')} onChange={set('content')} />
            )}
          </Field>
          {contactFields}
          <div className="field check">
            <input
              id={id('publishable')}
              type="checkbox"
              checked={publishable}
              onChange={(e) => setPublishable(e.target.checked)}
            />
            <label htmlFor={id('publishable')}>{t('publishable')}</label>
          </div>
        </>
      ) : (
        <>
          <Field id={id('category')} label={t('category')} required error={err('category')} t={t}>
            {(a) => (
              <select {...a} value={v('category')} onChange={set('category')}>
                <option value="">{t('categoryPick')}</option>
                {options.categories.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={id('urls')} label={t('urls')} hint={t('urlsHint')} error={err('urls')} t={t}>
            {(a) => <textarea {...a} rows={3} inputMode="url" value={v('urls')} onChange={set('urls')} />}
          </Field>
          <Field
            id={id('targetApp')}
            label={t('targetApp')}
            hint={t('targetAppHint')}
            error={err('targetApp')}
            t={t}
          >
            {(a) => <input {...a} maxLength={200} value={v('targetApp')} onChange={set('targetApp')} />}
          </Field>
          <Field id={id('description')} label={t('description')} required error={err('description')} t={t}>
            {(a) => (
              <textarea
                {...a}
                rows={5}
                maxLength={5000}
                value={v('description')}
                onChange={set('description')}
              />
            )}
          </Field>
          <Field id={id('regionId')} label={t('region')} error={err('regionId')} t={t}>
            {(a) => (
              <select {...a} value={v('regionId')} onChange={set('regionId')}>
                <option value="">{t('regionPick')}</option>
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {contactFields}
        </>
      )}
      {limits.maxFiles > 0 ? (
        <Field
          id={id('files')}
          label={kind === 'message' ? t('photos') : t('evidence')}
          hint={t('filesHint', { max: limits.maxFiles, size: formatBytes(limits.maxFileBytes) })}
          error={err('files')}
          t={t}
        >
          {(a) => (
            <input
              {...a}
              type="file"
              multiple
              accept={kind === 'message' ? 'image/*' : 'image/*,application/pdf'}
              onChange={(e) => {
                addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          )}
        </Field>
      ) : null}
      {files.length > 0 ? (
        <ul className="previews">
          {files.map((f, i) => (
            <li key={f.key} className={problems.files[i] ? 'has-error' : undefined}>
              {f.url ? (
                <img src={f.url} alt={f.file.name} width={72} height={72} />
              ) : (
                <span className="doc">PDF</span>
              )}
              <span className="name">
                {f.file.name}
                <small>{formatBytes(f.file.size)}</small>
                {problems.files[i] ? <span className="error">{problems.files[i]}</span> : null}
              </span>
              <button
                type="button"
                className="link"
                aria-label={t('removeFile', { name: f.file.name })}
                onClick={() => removeFile(i)}
              >
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="primary" disabled={busy !== 'idle'}>
        {busy === 'idle' ? t('submit') : t('submitting')}
      </button>
      <p className="status" role="status" aria-live="polite">
        {busy === 'solving' ? t('solving') : ''}
      </p>
    </form>
  );
}

function ReceiptView(props: { t: T; receipt: Receipt; onLookup: () => void; onAnother: () => void }) {
  const { t, receipt } = props;
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const grouped = receipt.queryCode.replace(/(.{4})(?=.)/g, '$1 ');
  async function copy() {
    try {
      await navigator.clipboard.writeText(receipt.queryCode);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  }
  return (
    <section className="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title" tabIndex={-1} ref={headingRef}>
        {t('submittedTitle')}
      </h2>
      <p>{t('submittedBody', { factor: receipt.pin ? t('factorPin') : t('factorPhone') })}</p>
      <dl>
        <dt>{t('queryCode')}</dt>
        <dd className="code" data-testid="query-code" data-code={receipt.queryCode}>
          {grouped}
          <button type="button" onClick={copy}>
            {t('copy')}
          </button>
        </dd>
        {receipt.pin ? (
          <>
            <dt>{t('pin')}</dt>
            <dd className="code" data-testid="query-pin">
              {receipt.pin}
            </dd>
          </>
        ) : null}
      </dl>
      {receipt.files ? <p>{t('filesSaved', { count: receipt.files })}</p> : null}
      <p role="status" aria-live="polite">
        {copyState === 'copied' ? t('copied') : copyState === 'failed' ? t('copyFailed') : ''}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onLookup}>
          {t('toLookup')}
        </button>
        <button type="button" onClick={props.onAnother}>
          {t('another')}
        </button>
      </div>
    </section>
  );
}

function LookupView(props: { t: T; locale: PublicLocale; initialCode: string }) {
  const { t, locale } = props;
  const uid = useId();
  const [code, setCode] = useState(props.initialCode);
  const [digits, setDigits] = useState('');
  const [found, setFound] = useState<CaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onLookup(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setFound(await lookup(locale, code.trim(), digits.trim()));
    } catch (err) {
      setFound(null);
      setError(
        err instanceof ApiError && err.status === 404
          ? t('notFound')
          : err instanceof ApiError
            ? err.message
            : t('loadFailed'),
      );
    } finally {
      setBusy(false);
    }
  }

  const fmt = (iso: string) =>
    new Date(iso).toLocaleString(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Shanghai',
    });

  return (
    <>
      <form onSubmit={onLookup} aria-busy={busy}>
        <div className="field">
          <label htmlFor={`${uid}-code`}>{t('lookupCode')}</label>
          <input
            id={`${uid}-code`}
            required
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-digits`}>{t('lookupDigits')}</label>
          <input
            id={`${uid}-digits`}
            required
            inputMode="numeric"
            pattern="[0-9]{4}"
            maxLength={4}
            autoComplete="off"
            value={digits}
            onChange={(e) => setDigits(e.target.value.replace(/\D/g, ''))}
          />
        </div>
        <button type="submit" className="primary" disabled={busy || !code.trim() || digits.length !== 4}>
          {t('lookupSubmit')}
        </button>
      </form>
      <div role="alert" className={error ? 'alert' : 'sr'}>
        {error}
      </div>
      {found ? (
        <CaseCard
          t={t}
          locale={locale}
          found={found}
          fmt={fmt}
          code={code.trim()}
          digits={digits}
          onRated={setFound}
        />
      ) : null}
    </>
  );
}

function CaseCard(props: {
  t: T;
  locale: PublicLocale;
  found: CaseView;
  fmt: (iso: string) => string;
  code: string;
  digits: string;
  onRated: (c: CaseView) => void;
}) {
  const { t, locale, found, fmt } = props;
  const uid = useId();
  const [rating, setRating] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  const transferredTo = found.transferredTo;

  async function onRate(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await rate(locale, props.code, {
        phoneLast4: props.digits,
        rating,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setThanks(true);
      // Rated once: the server takes no second rating, so the form goes.
      props.onRated({ ...found, rating, ratable: false });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('loadFailed'));
    }
  }

  return (
    <section className="case" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>{found.title}</h2>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd>
          <span className={`badge ${found.status}`} data-testid="case-status">
            {t(`status_${found.status}` as PublicKey)}
          </span>
        </dd>
        <dt>{t('submittedAt')}</dt>
        <dd>{fmt(found.createdAt)}</dd>
      </dl>
      <h3>{t('timeline')}</h3>
      <ol className="timeline">
        {found.timeline.map((e) => (
          <li key={`${e.at}-${e.action}`}>
            <time dateTime={e.at}>{fmt(e.at)}</time> {actionLabel(locale, e.action)}
          </li>
        ))}
      </ol>
      {transferredTo ? (
        <div className="transfer" data-testid="case-transfer">
          <h3>{t('transferredTitle')}</h3>
          <p>{t('transferredTo', { to: transferredTo })}</p>
        </div>
      ) : null}
      <h3>{transferredTo ? t('transferReason') : t('reply')}</h3>
      {found.reply ? (
        <div className="reply" data-testid="case-reply">
          <p>{found.reply}</p>
          {found.repliedAt ? (
            <p className="hint">
              {t('repliedAt')}: {fmt(found.repliedAt)}
            </p>
          ) : null}
        </div>
      ) : (
        <p>{t('noReply')}</p>
      )}
      {found.rating ? (
        <p data-testid="case-rating">
          {t('rated', { rating: t(`rating_${found.rating}` as PublicKey) })} {thanks ? t('thanks') : ''}
        </p>
      ) : null}
      {found.ratable ? (
        <form onSubmit={onRate}>
          <fieldset>
            <legend>{t('rateTitle')}</legend>
            {['satisfied', 'basically_satisfied', 'dissatisfied'].map((r) => (
              <div className="check" key={r}>
                <input
                  type="radio"
                  id={`${uid}-${r}`}
                  name={`${uid}-rating`}
                  value={r}
                  checked={rating === r}
                  onChange={() => setRating(r)}
                />
                <label htmlFor={`${uid}-${r}`}>{t(`rating_${r}` as PublicKey)}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${uid}-comment`}>{t('ratingComment')}</label>
            <textarea
              id={`${uid}-comment`}
              rows={3}
              maxLength={500}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <button type="submit" className="primary" disabled={!rating}>
            {t('rateSubmit')}
          </button>
          <div role="alert" className={error ? 'alert' : 'sr'}>
            {error}
          </div>
        </form>
      ) : null}
    </section>
  );
}
