// Escaping for every output format. Each report embeds user-controlled text (diagnosis
// messages, stack traces, scenario names), so nothing reaches a file without passing here.

// XML 1.0 allows only #x9 #xA #xD [#x20-#xD7FF] [#xE000-#xFFFD] [#x10000-#x10FFFF]; the
// `u` flag makes lone surrogates single code points, so they are removed too.
const kXmlIllegal = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 (and a clean HTML page) cannot carry. */
export function stripIllegalChars(s: string): string {
  return s.replace(kXmlIllegal, '');
}

export function escapeXmlText(s: string): string {
  // `>` is escaped as well so that a `]]>` in the text cannot end anything.
  return stripIllegalChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttr(s: string): string {
  // Attribute-value normalisation would turn raw tabs and newlines into spaces: keep them as
  // character references so a multi-line message survives a round trip.
  return escapeXmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

// Anything escapeHtml would change; most text (a chart's thousands of tooltips) has none.
const kHtmlTouched = new RegExp(`[&<>"']|${kXmlIllegal.source}`, 'u');

/** Safe in HTML text and in double- or single-quoted attributes. */
export function escapeHtml(s: string): string {
  if (!kHtmlTouched.test(s)) return s;
  return stripIllegalChars(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One GitHub-flavoured Markdown table cell: pipes and newlines would break the row. */
export function escapeMarkdownCell(s: string): string {
  return stripIllegalChars(s)
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/([`*_[\]#~])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** A fenced code block that its own content cannot close: the fence outgrows any backtick run. */
export function markdownCodeBlock(text: string, lang = ''): string {
  const clean = stripIllegalChars(text).replace(/\r\n?/g, '\n');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${clean}\n${fence}`;
}

/** Data of a GitHub workflow command (`::error::DATA`). */
export function escapeGithubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a GitHub workflow command (`::error title=VALUE::`). */
export function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Keeps a log line one line: control characters and backslashes become visible escapes. */
export function escapeLogText(s: string): string {
  return s.replace(/[\\\x00-\x1f\x7f]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}
