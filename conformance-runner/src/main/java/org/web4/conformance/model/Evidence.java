package org.web4.conformance.model;

import org.jspecify.annotations.Nullable;

/**
 * One piece of a case's evidence, as a reader needs it: what it is, its text (decoded: UTF-8 JSON
 * as JSON, a transcript one frame per line, a trace) and, for bytes, their hex beside it. Every
 * report renders the text preformatted; the HTML report folds {@link Kind#TRACE} and marks the
 * first difference of a {@link Kind#DIFF}.
 *
 * @param label what this is, e.g. "expected canonical form", "RTT transcript", "stack trace"
 * @param kind how to render it
 * @param text the decoded text (may be cut: then {@code truncated} and {@code bytes} say so)
 * @param hex the bytes in hex, when the evidence is bytes (may be cut like the text); else null
 * @param bytes the size of the whole evidence in bytes (of the text when there are no bytes)
 * @param truncated whether {@code text} (and {@code hex}) were cut to the report's limit
 */
public record Evidence(
    String label, Kind kind, String text, @Nullable String hex, long bytes, boolean truncated) {

  /** How a report shows a piece of evidence. */
  public enum Kind {
    /** Plain text, preformatted. */
    TEXT,
    /** A JSON document (pretty or canonical, as the label says). */
    JSON,
    /** An RTT transcript: one frame per line. */
    TRANSCRIPT,
    /** Expected beside actual: {@code text} holds both, the first difference marked. */
    DIFF,
    /** A stack trace: folded by default. */
    TRACE
  }
}
