package org.web4.conformance.rtt;

import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;

/**
 * A failure message split into what went wrong and the RTT transcript appended to it (issue 16: in
 * the HTML report a transcript became one run-on line): the transcript becomes {@link
 * Evidence.Kind#TRANSCRIPT} evidence, one frame per line.
 *
 * @param message the message without its transcript
 * @param evidence the transcript, if the message carried one
 */
public record TranscriptEvidence(String message, List<Evidence> evidence) {
  public TranscriptEvidence {
    evidence = List.copyOf(evidence);
  }

  /** Splits {@code message} at {@link Transcript#HEADING}; no evidence if it has none. */
  public static TranscriptEvidence of(String message) {
    int at = message.indexOf(Transcript.HEADING);
    if (at < 0) {
      return new TranscriptEvidence(message, List.of());
    }
    List<String> frames = new ArrayList<>();
    for (String line : message.substring(at + Transcript.HEADING.length()).split("\n", -1)) {
      if (!line.isBlank()) {
        frames.add(line.startsWith("  ") ? line.substring(2) : line);
      }
    }
    return new TranscriptEvidence(
        message.substring(0, at), List.of(Evidences.transcript("RTT transcript", frames)));
  }
}
