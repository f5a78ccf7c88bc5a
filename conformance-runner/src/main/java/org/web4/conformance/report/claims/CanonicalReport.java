package org.web4.conformance.report.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web4.cli.CommandErrors.InputException;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * A report.json as it is signed: its RFC 8785 form (the kit's own canonicalizer, as for envelopes
 * and the vectors manifest), so that reformatting the file (indentation, member order) does not
 * change the claim, and any change of a value does. The file must be I-JSON (RFC 7493) to have that
 * form; it is parsed with the kit's strict parser, depth limit only (a report has no size limit).
 *
 * @param tree the parsed report
 * @param canonical its RFC 8785 bytes, what the signature covers
 */
@SuppressWarnings("ArrayRecordComponent") // bytes to sign, never compared as a record
public record CanonicalReport(JsonNode tree, byte[] canonical) {

  /** Reads and canonicalizes {@code file}; a file that is not I-JSON is an input error. */
  public static CanonicalReport read(Path file) throws IOException, InputException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode tree;
    try {
      tree = StrictJsonParser.withDepthLimitOnly().parse(bytes);
    } catch (JsonViolation e) {
      throw new InputException(
          file + ": not I-JSON, so it has no RFC 8785 form to sign: " + e.getMessage(), e);
    }
    if (!tree.isObject()) {
      throw new InputException(file + ": a report is a JSON object, not " + tree.getNodeType());
    }
    return new CanonicalReport(tree, JsonCanonicalizer.canonicalize(tree));
  }
}
