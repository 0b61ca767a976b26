import { formatHead } from '../domain/audit';
import { escapeHtml as e } from './escape';
import type { ReportExplanation, ReportModel, ReportStudy } from './reportModel';
import { barChartSvg, histogramSvg, scatterSvg } from './svgCharts';
import { describeSweep } from '../engine/kernelWidthSweep';
import { isShaky } from '../engine/stability';
import { describeAgreement } from '../engine/methodAgreement';

const VERDICT: Record<string, string> = {
  trusted: 'Trusted',
  'not-trusted': 'Not trusted',
  'follow-up': 'Needs follow-up',
};

/**
 * The review report as one self-contained HTML document: inline CSS, inline SVG charts, images as data
 * URLs, no script and no external resource. The app prints it with Electron, the command line with
 * headless Chromium; both add page numbers in the footer.
 */
export function renderReport(m: ReportModel): string {
  const sections: [string, string, string][] = [
    ['scope', 'Scope', scope(m)],
    ['summary', 'Summary', summary(m)],
    ...m.explanations.map((x): [string, string, string] => [
      `run-${x.runId}`,
      `Explanation ${x.runId}: ${x.model}, row ${x.row ?? '—'}`,
      explanation(x),
    ]),
    ...m.studies.map((st): [string, string, string] => [
      `study-${st.id}`,
      `Version review ${st.id}: ${st.modelB} against ${st.modelA}`,
      study(st),
    ]),
    ...m.comparisons.map((c, i): [string, string, string] => [
      `comparison-${i + 1}`,
      `Comparison: ${c.modelA} against ${c.modelB}, row ${c.row ?? '—'}`,
      comparison(c),
    ]),
    ['appendix', 'Appendix: re-running and verifying', appendix(m)],
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(m.audit.title)} — review report</title><style>${CSS}</style></head><body>
<section class="cover">
  <p class="kicker">Model review report</p>
  <h1>${e(m.audit.title)}</h1>
  <p class="purpose">${e(m.audit.purpose || 'No purpose recorded.')}</p>
  <table class="facts">
    <tr><th>Reviewers</th><td>${e(m.reviewers.join(', ') || 'none recorded')}</td></tr>
    <tr><th>Report date</th><td>${e(m.generatedAt)}</td></tr>
    <tr><th>Audit created</th><td>${e(m.audit.createdAt)}</td></tr>
    <tr><th>Audit file</th><td>${e(m.audit.path)}</td></tr>
    <tr><th>Tool</th><td>LIME Workbench ${e(m.toolVersion)}</td></tr>
    <tr><th>Audit head</th><td class="mono">${e(formatHead(m.appendix.verify.head))}</td></tr>
    <tr><th>Signatures</th><td>${e(signatureText(m.appendix.verify.signatures))}</td></tr>
    <tr><th>Seal</th><td>${e(sealText(m.appendix.seal))}</td></tr>
    ${m.selection ? `<tr><th>Explanations</th><td>${e(m.selection)}</td></tr>` : ''}
    ${redactionRows(m)}
  </table>
  <h2>Contents</h2>
  ${contents(m, sections)}
</section>
${sections.map(([id, title, body]) => `<section id="${id}" class="page"><h2>${e(title)}</h2>${body}</section>`).join('\n')}
</body></html>`;
}

/**
 * The table of contents: the sections in order, with the explanations grouped by model and latest verdict,
 * each group's runs as one line of links, so it stays a page or two for a thousand explanations.
 */
function contents(m: ReportModel, sections: [string, string, string][]): string {
  const groups = new Map<string, ReportExplanation[]>();
  for (const x of m.explanations) {
    const latest = x.verdicts.at(-1);
    const key = `${x.model} — ${latest ? VERDICT[latest.verdict] : 'no verdict'}`;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const grouped = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, xs]) =>
        `<li>${e(key)} (${xs.length}): ${xs.map((x) => `<a href="#run-${x.runId}">${x.runId}</a>`).join(', ')}</li>`,
    )
    .join('');
  const item = ([id, title]: [string, string, string]) => `<li><a href="#${id}">${e(title)}</a></li>`;
  const rest = sections.filter(([id]) => !id.startsWith('run-'));
  const explanations = m.explanations.length
    ? `<li>Explanations by model and verdict (run numbers)<ul class="toc-groups">${grouped}</ul></li>`
    : '';
  return `<ol class="toc">${rest.slice(0, 2).map(item).join('')}${explanations}${rest.slice(2).map(item).join('')}</ol>`;
}

function scope(m: ReportModel): string {
  // Each SHA-256 on a line of its own: a reviewer compares it character by character.
  return `<h3>Models</h3><table class="scope"><thead><tr><th>Family</th><th>Version</th><th>Producer</th><th>Opsets</th></tr></thead><tbody>${m.models
    .map(
      (x) =>
        `<tr><td>${e(x.family)}</td><td>${e(x.versionLabel)}</td><td>${e(x.producer)}</td><td>${e(x.opsets)}</td></tr><tr class="hash"><td colspan="4">SHA-256 <span class="mono">${e(x.sha256)}</span></td></tr>`,
    )
    .join('')}</tbody></table>
<h3>Datasets</h3><table class="scope"><thead><tr><th>File</th><th>Rows</th></tr></thead><tbody>${m.datasets
    .map(
      (d) =>
        `<tr><td>${e(d.path)}</td><td>${d.rowCount}</td></tr><tr class="hash"><td colspan="2">SHA-256 <span class="mono">${e(d.sha256)}</span></td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function summary(m: ReportModel): string {
  const s = m.summary;
  const studies = m.studies.length
    ? `<h3>Version reviews (${m.studies.length})</h3><table><thead><tr><th>Study</th><th>Rows</th><th>Flips</th><th>Verdict</th></tr></thead><tbody>${m.studies
        .map((st) => {
          const latest = st.verdicts.at(-1);
          return `<tr><td><a href="#study-${st.id}">${st.id}: ${e(st.modelB)} against ${e(st.modelA)}</a></td><td>${st.done} of ${st.rows}</td><td>${st.summary.flips.length}</td><td>${latest ? `${VERDICT[latest.verdict]} (${e(latest.reviewer)})` : 'none yet'}</td></tr>`;
        })
        .join('')}</tbody></table>`
    : '';
  return `${studies}<h3>Verdicts by model</h3><table><thead><tr><th>Model</th><th>Trusted</th><th>Not trusted</th><th>Needs follow-up</th><th>No verdict</th></tr></thead><tbody>${s.verdictsByModel
    .map(
      (v) =>
        `<tr><td>${e(v.model)}</td><td>${v.trusted}</td><td>${v.notTrusted}</td><td>${v.followUp}</td><td>${v.none}</td></tr>`,
    )
    .join('')}</tbody></table>
<h3>Open follow-ups (${s.openFollowUps.length})</h3>${
    s.openFollowUps.length
      ? `<ul>${s.openFollowUps.map((f) => `<li>Run ${f.runId} (${e(f.model)}, row ${f.row ?? '—'}): ${e(f.rationale)}</li>`).join('')}</ul>`
      : '<p>None.</p>'
  }
<h3>Explanations flagged as low-fidelity or unstable (${s.flagged.length})</h3>${
    s.flagged.length
      ? `<ul>${s.flagged.map((f) => `<li>Run ${f.runId} (${e(f.model)}): ${e(f.reason)}</li>`).join('')}</ul>`
      : '<p>None.</p>'
  }${
    s.picks.length
      ? `<h3>Representative instances (SP-LIME)</h3><ul>${s.picks
          .map(
            (p) =>
              `<li>${e(p.model)} on ${e(p.dataset)}: rows ${p.rows.map((r) => `${r.row} (run ${r.runId})`).join(', ')} picked of ${p.candidates} candidates, covering ${(p.coverage * 100).toFixed(0)} % of the features' importance; by ${e(p.actor)}, ${e(p.at)}</li>`,
          )
          .join('')}</ul>`
      : ''
  }`;
}

function explanation(x: ReportExplanation): string {
  const ex = x.explanation;
  const bars = x.stability
    ? x.stability.features.slice(0, 15).map((f) => ({ name: f.name, value: f.mean, low: f.low, high: f.high }))
    : ex.weights.slice(0, 15).map((w) => ({ name: w.name, value: w.weight }));
  const instance =
    x.text !== null
      ? `<p class="text">${highlight(x.text, ex)}</p>`
      : x.picture
        ? `<div class="pictures"><img src="${x.picture}" alt="the image"><img src="${x.overlay ?? ''}" alt="overlay: supporting regions green, opposing red"></div>`
        : `<dl class="grid">${x.values.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>`;
  const verdicts = x.verdicts.length
    ? `<ol class="history">${x.verdicts.map((a) => `<li><strong>${e(VERDICT[a.verdict])}</strong> by ${e(a.reviewer)}, ${e(a.createdAt)} (version ${a.version}${a.signedBy ? ', signed' : ''})${a.tags.length ? ` · ${e(a.tags.join(', '))}` : ''}<br>${e(a.rationale)}</li>`).join('')}</ol>`
    : '<p>No verdict yet.</p>';
  return `<div class="two"><div><h3>Prediction</h3><table>${x.prediction
    .map(
      (p) => `<tr${p.predicted ? ' class="predicted"' : ''}><td>${e(p.name)}</td><td>${p.value.toFixed(4)}</td></tr>`,
    )
    .join('')}</table>
<h3>Fidelity and stability</h3><table class="facts">
<tr><th>Label explained</th><td>${e(ex.labelName ?? 'the predicted value')}</td></tr>
<tr><th>Model at the instance</th><td>${ex.modelPrediction.toFixed(4)}</td></tr>
<tr><th>Surrogate at the instance</th><td>${ex.localPrediction.toFixed(4)}</td></tr>
<tr><th>Score (weighted R²)</th><td>${ex.score.toFixed(3)}</td></tr>
${ex.heldOut ? `<tr><th>Held-out R² (${ex.heldOut.samples} fresh samples)</th><td>${ex.heldOut.score.toFixed(3)}</td></tr>` : ''}
<tr><th>Runs (seeds)</th><td>${x.runs}${
    x.stability
      ? `; stability index ${x.stability.index.toFixed(2)}; top-${x.stability.topK} features common to all runs: ${(x.stability.topKCommonShare * 100).toFixed(0)} %`
      : '; stability not measured (one seed)'
  }</td></tr>
${x.effectiveSampleSize === null ? '' : `<tr><th>Effective sample size</th><td>${x.effectiveSampleSize.toFixed(0)} of ${x.samples}</td></tr>`}
${x.guarantee ? `<tr${x.guarantee.stable ? '' : ' class="warn"'}><th>Sample guarantee</th><td>${e(x.guarantee.text)}</td></tr>` : ''}
</table></div>
<div><h3>Weights${x.stability ? ' (mean over runs, 95 % intervals)' : ''}</h3>${barChartSvg(bars, { title: `weights of run ${x.runId}`, width: 400 })}</div></div>
${x.stability ? stabilityTable(x.stability, x.runs) : ''}
${checks(x)}
<h3>Instance</h3>${instance}
<h3>Parameters</h3><dl class="grid">${x.params.map(([k, v]) => `<div><dt>${e(k)}</dt><dd>${e(v)}</dd></div>`).join('')}</dl>
<h3>Verdict and rationale</h3>${verdicts}`;
}

/** Per feature over the runs: how many agree on the sign and selected it; ⚠ where the weight is shaky. */
function stabilityTable(s: NonNullable<ReportExplanation['stability']>, runs: number): string {
  const count = (share: number) => Math.round(share * runs);
  return `<div class="keep"><h3>Stability per feature over ${runs} runs</h3><table><thead><tr><th>Feature</th><th>Mean weight</th><th>95 % interval</th><th>Same sign</th><th>Selected</th></tr></thead><tbody>${s.features
    .slice(0, 10)
    .map((f) => {
      const shaky = isShaky(f);
      return `<tr${shaky ? ' class="warn"' : ''}><td>${e(f.name)}${shaky ? ' ⚠' : ''}</td><td>${f.mean.toFixed(4)}</td><td>${f.low.toFixed(4)} … ${f.high.toFixed(4)}</td><td>${count(f.signAgreement)} of ${runs}</td><td>${count(f.selectedShare)} of ${runs}</td></tr>`;
    })
    .join(
      '',
    )}</tbody></table><p class="note">⚠: the interval crosses zero or some runs leave the feature out.</p></div>`;
}

/** KernelSHAP beside LIME and the kernel-width sweep, when the run was checked with them. */
function checks(x: ReportExplanation): string {
  let out = '';
  if (x.kernelShap) {
    const reading = x.agreement ? describeAgreement(x.agreement) : null;
    const top = [...x.kernelShap.weights].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 10);
    out += `<div class="keep"><h3>LIME against KernelSHAP</h3>${reading ? `<p class="${reading.level === 'disagree' ? 'warn' : ''}">${e(reading.summary)}</p>` : ''}
<div class="two"><div><table class="facts">${
      x.agreement
        ? `<tr><th>Rank correlation (Spearman)</th><td>${x.agreement.rankCorrelation.toFixed(2)}</td></tr><tr><th>Top-${x.agreement.topK} features shared</th><td>${Math.round(x.agreement.topKOverlap * x.agreement.topK)} of ${x.agreement.topK}</td></tr>`
        : ''
    }<tr><th>Expected value (nothing known)</th><td>${x.kernelShap.intercept.toFixed(4)}</td></tr></table></div>
<div>${barChartSvg(
      top.map((w) => ({ name: w.name, value: w.weight })),
      { title: `KernelSHAP values of run ${x.runId}`, width: 400 },
    )}</div></div></div>`;
  }
  if (x.sweep) {
    const s = x.sweep;
    out += `<div class="keep"><h3>Kernel width sweep</h3><p class="${describeSweep(s).weak ? 'warn' : ''}">${e(describeSweep(s).summary)}</p>
<table><thead><tr><th>Kernel width</th><th>Held-out R²</th><th>Stability index</th><th>Meets the target</th></tr></thead><tbody>${s.widths
      .map(
        (w) =>
          `<tr${w.width === s.chosen ? ' class="chosen"' : ''}><td>${w.width.toFixed(3)}${w.width === s.chosen ? ' (chosen)' : ''}</td><td>${w.heldOutScore.toFixed(3)}</td><td>${w.stabilityIndex.toFixed(2)}</td><td>${w.heldOutScore >= s.target ? 'yes' : 'no'}</td></tr>`,
      )
      .join('')}</tbody></table></div>`;
  }
  return out;
}

/** A version review: the summary in words, the importance shifts, the agreement, and the rows by divergence. */
function study(st: ReportStudy): string {
  const s = st.summary;
  const what = s.valueName;
  const pages = new Set(st.runPages);
  const link = (runId: number) => (pages.has(runId) ? `<a href="#run-${runId}">${runId}</a>` : String(runId));
  const latest = st.verdicts.at(-1);
  return `<p class="muted">${e(st.title)} · ${e(st.dataset)} · ${e(st.selection)} · ${st.done} of ${st.rows} rows explained under both models${st.numSamples ? `, ${st.numSamples} samples each` : ''}; row k with seed + k under both.</p>
<p class="${s.flips.length ? 'warn' : ''}">${e(s.text)}</p>
<h3>Importance shift per input (${e(st.modelB)} − ${e(st.modelA)}, simultaneous 95 % intervals)</h3>${barChartSvg(
    s.shifts.slice(0, 15).map((x) => ({
      name: `${x.input}${x.established ? '' : ' (noise)'}`,
      value: x.shift,
      low: x.intervalShift[0],
      high: x.intervalShift[1],
    })),
    { title: 'importance shift per input' },
  )}
<div class="charts2">${histogramSvg(
    s.agreementHistogram.map((b) => ({ label: `≥ ${b.from.toFixed(1)}`, count: b.count })),
    { width: 330, title: 'rows by agreement (rank correlation, bins of 0.2)' },
  )}${scatterSvg(
    s.agreement.map((r) => ({ x: r.rankCorrelation, y: r.valueB - r.valueA, marked: r.flip })),
    {
      width: 330,
      title: `change of ${what} against agreement`,
      xLabel: 'rank correlation (diamonds: flips)',
      yLabel: 'Δ',
      xDomain: [-1, 1],
    },
  )}</div>
<h3>Rows by divergence (flips first, then the least agreement; first 30)</h3><table><thead><tr><th>Row</th><th>Prediction</th><th>${e(what)}</th><th>Rank correlation</th><th>Top-${s.topK} overlap</th><th>Runs</th></tr></thead><tbody>${s.ranked
    .slice(0, 30)
    .map(
      (r) =>
        `<tr${r.flip ? ' class="flag"' : ''}><td>${r.row}</td><td>${r.flip ? `${e(r.predictedA)} → ${e(r.predictedB)}` : e(r.predictedA)}</td><td>${r.valueA.toFixed(3)} → ${r.valueB.toFixed(3)}</td><td>${r.rankCorrelation.toFixed(2)}</td><td>${(r.topKOverlap * 100).toFixed(0)} %</td><td>${link(r.runIds[0])}, ${link(r.runIds[1])}</td></tr>`,
    )
    .join('')}</tbody></table>
<h3>Verdict</h3>${
    latest
      ? `<p><strong>${VERDICT[latest.verdict]}</strong> by ${e(latest.reviewer)}, ${e(latest.createdAt)}: ${e(latest.rationale)}</p>${
          st.verdicts.length > 1
            ? `<ol class="history">${st.verdicts.map((a) => `<li>${VERDICT[a.verdict]} by ${e(a.reviewer)}, ${e(a.createdAt)} (version ${a.version}${a.signedBy ? ', signed' : ''}): ${e(a.rationale)}</li>`).join('')}</ol>`
            : ''
        }`
      : '<p>No verdict recorded yet.</p>'
  }`;
}

function comparison(c: ReportModel['comparisons'][number]): string {
  return `<p class="${c.predictionFlip ? 'warn' : ''}">${c.sameInstance ? 'Same instance. ' : 'Different instances. '}${
    c.predictionFlip
      ? `The prediction flips: ${e(c.predictedA)} → ${e(c.predictedB)}.`
      : `Both predict ${e(c.predictedA)}.`
  } ${(c.topOverlap * 100).toFixed(0)} % of the first run's top 5 features are in the second's.</p>
<h3>Weight differences (${e(c.modelB)} − ${e(c.modelA)})</h3>${barChartSvg(
    c.features.slice(0, 15).map((f) => ({ name: f.name, value: f.difference })),
    { title: 'weight differences' },
  )}
<h3>Rank changes</h3><table><thead><tr><th>Feature</th><th>Weight (${e(c.modelA)})</th><th>Weight (${e(c.modelB)})</th><th>Rank</th><th>Rank</th></tr></thead><tbody>${c.features
    .slice(0, 15)
    .map(
      (f) =>
        `<tr><td>${e(f.name)}</td><td>${f.weightA.toFixed(4)}</td><td>${f.weightB.toFixed(4)}</td><td>${f.rankA ?? '—'}</td><td>${f.rankB ?? '—'}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function appendix(m: ReportModel): string {
  const v = m.appendix.verify;
  return `<h3>Re-running each explanation</h3><p>Every run's parameters and seed are stored in the audit file; these commands repeat them.</p><table class="commands">${m.appendix.reruns
    .map((r) => `<tr><th>${r.runId}</th><td class="mono">${e(r.command)}</td></tr>`)
    .join('')}</table>
<h3>Audit log</h3><p>Head of the audit log (SHA-256 chain, ${v.logEntries} entries), to archive outside the file; <span class="mono">lime-workbench verify --expect-head</span> later proves the log was neither cut short nor rolled back before it:</p><p class="mono">${e(formatHead(v.head))}</p>
<h3>Reviewers’ keys</h3>${
    v.signatures.keys.length
      ? `<table><thead><tr><th>Reviewer</th><th>Ed25519 key fingerprint (SHA-256)</th></tr></thead><tbody>${v.signatures.keys.map((k) => `<tr><td>${e(k.reviewer)}</td><td class="mono">${e(k.fingerprint)}</td></tr>`).join('')}</tbody></table>`
      : '<p>No reviewer keys are recorded: nothing in this audit is signed.</p>'
  }<p>${e(signatureText(v.signatures))}.</p>
<h3>Seal</h3>${
    m.appendix.seal
      ? `<p>${e(sealText(m.appendix.seal))}.</p><table class="commands"><tr><th>File SHA-256</th><td class="mono">${e(m.appendix.seal.sha256)}</td></tr><tr><th>Head</th><td class="mono">${e(formatHead(m.appendix.seal.head))}</td></tr><tr><th>Entries</th><td>${m.appendix.seal.entries}</td></tr><tr><th>Signed by</th><td class="mono">${e(m.appendix.seal.signers.join(', ') || 'nobody')}</td></tr></table>`
      : '<p>Not sealed (<span class="mono">lime-workbench seal</span> writes a signed seal beside the file for handover).</p>'
  }
<h3>Verification at report time</h3>${
    v.ok
      ? '<p>All checks hold: SQLite integrity, the schema and its append-only guards, the audit log’s hash chain, every recorded row, every signature, every model file’s SHA-256.</p>'
      : `<ul class="warn">${v.failures.map((f) => `<li>${e(f.message)}</li>`).join('')}</ul>`
  }`;
}

/** The cover's statement of exactly what was redacted, and what could still give it away. */
function redactionRows(m: ReportModel): string {
  const r = m.redaction;
  const rows: string[] = [];
  if (r.columns.length)
    rows.push(
      `values of ${r.columns.map((c) => `${c.column} (in ${c.datasets.map((d) => d.split(/[\\/]/).pop()).join(', ')})`).join('; ')} are shown as “▇▇▇ redacted”`,
    );
  if (r.words) rows.push(`${r.words} word${r.words === 1 ? '' : 's'} of the texts masked everywhere`);
  if (r.images) rows.push('pictures shown as segment outlines only');
  if (rows.length)
    rows.push(
      `${r.texts} rationale${r.texts === 1 ? '' : 's'}, tags or titles quoted a redacted value and were redacted`,
    );
  const warn = r.related.length
    ? `<tr><th>Warning</th><td class="warn">not redacted, yet predicting a redacted column (|r| ≥ 0.9): ${e(r.related.map((x) => `${x.column} → ${x.predicts} (r = ${x.r.toFixed(2)})`).join('; '))}</td></tr>`
    : '';
  return (rows.length ? `<tr><th>Redacted</th><td>${e(rows.join('; '))}</td></tr>` : '') + warn;
}

function signatureText(s: ReportModel['appendix']['verify']['signatures']): string {
  if (s.verdicts === 0) return s.required ? 'No verdicts yet; every verdict must be signed' : 'No verdicts yet';
  const all = s.signedVerdicts === s.verdicts;
  return `${all ? 'Every verdict was signed' : `${s.signedVerdicts} of ${s.verdicts} verdicts were signed`}${s.required ? ' (this audit requires it)' : ''}`;
}

function sealText(seal: ReportModel['appendix']['seal']): string {
  if (!seal) return 'not sealed';
  return `sealed ${seal.sealedAt} at entry ${seal.head?.seq ?? 0} by ${seal.signers.map((x) => x.split(' ')[0]).join(', ') || 'nobody'}; ${seal.matches ? 'the file is exactly the sealed one' : 'the file has changed since'}`;
}

/** The text with explained words marked by the sign of their weight. */
function highlight(text: string, ex: ReportExplanation['explanation']): string {
  const spans = ex.weights
    .flatMap((w) => (w.spans ?? []).map(([s, t]) => ({ s, t, w: w.weight })))
    .sort((a, b) => a.s - b.s);
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.s < at) continue;
    out +=
      e(text.slice(at, span.s)) +
      `<mark class="${span.w >= 0 ? 'pos' : 'neg'}">${e(text.slice(span.s, span.t))}</mark>`;
    at = span.t;
  }
  return out + e(text.slice(at));
}

const CSS = `
body { font: 10.5pt/1.4 Helvetica, Arial, sans-serif; color: #1b1f24; margin: 0; }
h1 { font-size: 24pt; margin: 8pt 0; } h2 { font-size: 15pt; border-bottom: 1.5pt solid #12324a; padding-bottom: 3pt; } h3 { font-size: 11pt; margin: 12pt 0 4pt; color: #12324a; }
.cover .kicker { text-transform: uppercase; letter-spacing: .08em; color: #555; margin-top: 60pt; } .purpose { font-size: 12pt; }
.page { page-break-before: always; } .keep { break-inside: avoid; } h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; } th, td { border-bottom: .5pt solid #ccd; padding: 2.5pt 5pt; text-align: left; vertical-align: top; font-size: 9pt; }
th { background: #eef2f5; } .facts th, .values th, .params th, .commands th { width: 34%; background: none; color: #444; font-weight: normal; }
.mono { font-family: 'DejaVu Sans Mono', Menlo, monospace; font-size: 7.5pt; word-break: break-all; }
.scope tr:not(.hash) td { border-bottom: none; padding-bottom: 0; } .scope tr.hash td { color: #555; font-size: 7.5pt; padding-top: 0; }
.scope .hash .mono { word-break: normal; white-space: nowrap; }
.two { display: flex; gap: 14pt; } .two > div:first-child { flex: 0 0 36%; } .two > div:last-child { flex: 1; }
dl.grid { columns: 3; column-gap: 14pt; margin: 2pt 0; font-size: 8pt; } dl.grid div { display: flex; justify-content: space-between; gap: 6pt; border-bottom: .4pt solid #dde; break-inside: avoid; padding: 1pt 0; }
dl.grid dt { color: #555; } dl.grid dd { margin: 0; text-align: right; }
tr.predicted td, tr.chosen td { font-weight: bold; }
.text { border: .5pt solid #ccd; padding: 6pt; line-height: 1.6; } mark.pos { background: #b9d7ee; } mark.neg { background: #f6c8a8; }
.pictures img { width: 150pt; height: 150pt; image-rendering: pixelated; margin-right: 8pt; border: .5pt solid #ccd; }
.charts2 { display: flex; gap: 10pt; } .muted { color: #555; font-size: 9pt; } tr.flag td { background: #fdf0e8; }
.warn { color: #7a3d00; } .note { font-size: 8pt; color: #555; margin: 2pt 0; } .history li { margin-bottom: 4pt; } .toc li { margin: 2pt 0; } a { color: #0a5c8f; text-decoration: none; }
`;
