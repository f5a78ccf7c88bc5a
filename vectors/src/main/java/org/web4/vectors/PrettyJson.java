package org.web4.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;

/**
 * The one way vector files are written, so that regeneration gives identical bytes on every
 * platform: two-space indent, {@code "\n"} line ends, members in insertion order, UTF-8, a final
 * newline.
 */
public final class PrettyJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter WRITER;

  static {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    WRITER = MAPPER.writer(printer);
  }

  private PrettyJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(JsonNode node) {
    try {
      return (WRITER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  /** Compact form (no whitespace, insertion order): how most envelopes in the vectors are sent. */
  public static byte[] compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
