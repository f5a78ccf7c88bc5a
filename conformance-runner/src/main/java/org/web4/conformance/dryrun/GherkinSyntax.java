package org.web4.conformance.dryrun;

import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Location;
import io.cucumber.messages.types.ParseError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gherkin syntax errors of one feature file, with Cucumber's own parser: every error of the file,
 * each with its line and column (Cucumber's run stops at the first file that does not parse and
 * says only "Cucumber ran 0").
 */
final class GherkinSyntax {
  private static final GherkinParser PARSER =
      GherkinParser.builder()
          .includeSource(false)
          .includeGherkinDocument(false)
          .includePickles(false)
          .build();

  private GherkinSyntax() {}

  static List<FeatureProblem> errors(Path file, String shownAs) throws IOException {
    try (Stream<Envelope> envelopes = PARSER.parse(file)) {
      return envelopes
          .flatMap(e -> e.getParseError().stream())
          .map(e -> problem(e, shownAs))
          .toList();
    }
  }

  private static FeatureProblem problem(ParseError error, String shownAs) {
    Location at = error.getSource().getLocation().orElse(new Location(0L, null));
    // the parser's message starts with "(line:column): "; the problem states the place itself
    String message = error.getMessage().replaceFirst("^\\(\\d+:\\d+\\): ", "");
    return new FeatureProblem(
        shownAs,
        at.getLine().intValue(),
        at.getColumn().map(Long::intValue).orElse(0),
        "Gherkin syntax error: " + message);
  }
}
