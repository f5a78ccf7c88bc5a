package org.web4.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The registry loads from the class path, conforms to its schema, and refuses a broken document
 * with the row that is wrong; a type without a row is an error, never a default.
 */
class MessageTypesTest {
  private static final String HELLO =
      "{\"protocol\":\"cip\",\"type\":\"HELLO\",\"channel\":\"control\",\"requirement\":"
          + "\"CIP-MSG-001\",\"payload_schema\":\"payloads/cip/HELLO.schema.json\","
          + "\"handler\":\"handshake\"}";

  @Test
  void theRegistryConformsToItsSchema() throws IOException {
    JsonNode document;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(MessageTypes.RESOURCE)) {
      assertThat(in).as(MessageTypes.RESOURCE).isNotNull();
      document = new ObjectMapper().readTree(in);
    }
    assertThat(
            SchemaCatalog.describe(
                SchemaCatalog.get().schema("message-types.schema.json").validate(document)))
        .isEmpty();
  }

  @Test
  void everyRowsPayloadSchemaIsOnTheClassPath() {
    for (MessageType row : MessageTypes.get().all()) {
      assertThat(getClass().getClassLoader().getResource("web4/schemas/" + row.payloadSchema()))
          .as(row.payloadSchema())
          .isNotNull();
    }
  }

  @Test
  void rowsAreGroupedByProtocolInTableOrder() {
    assertThat(MessageTypes.get().all())
        .extracting(MessageType::protocol)
        .isSortedAccordingTo(Enum::compareTo);
    assertThat(Protocol.CIP.types()).startsWith("HELLO", "VERIFY").endsWith("DECISION_SHARE");
    assertThat(MessageTypes.get().require(Protocol.CIP, "DECISION_SHARE").requirement())
        .isEqualTo("CIP-MSG-010");
  }

  @Test
  void aTypeWithoutARowIsAnErrorNotADefault() {
    assertThat(Protocol.CIP.defines("HCP_HELLO")).isFalse();
    assertThat(MessageTypes.get().find(Protocol.LIP, "HELLO")).isEmpty();
    assertThatThrownBy(() -> MessageTypes.get().require(Protocol.CIP, "NOT_A_TYPE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CIP defines no message type NOT_A_TYPE");
  }

  @Test
  void aDocumentWithOneRowLoads() {
    MessageTypes one = MessageTypes.parse(document(HELLO));
    assertThat(one.all())
        .containsExactly(
            new MessageType(
                Protocol.CIP,
                "HELLO",
                "control",
                "CIP-MSG-001",
                "payloads/cip/HELLO.schema.json",
                "handshake"));
    assertThat(one.typeNames(Protocol.HCP)).isEmpty();
  }

  @Test
  void twoRowsForOneTypeAreRefused() {
    String again = HELLO.replace("CIP-MSG-001", "CIP-MSG-002");
    assertThatThrownBy(() -> MessageTypes.parse(document(HELLO + "," + again)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two rows for HELLO");
  }

  @Test
  void twoRowsWithOneRequirementAreRefused() {
    String verify = HELLO.replace("HELLO", "VERIFY");
    assertThatThrownBy(() -> MessageTypes.parse(document(HELLO + "," + verify)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two rows with CIP-MSG-001");
  }

  @Test
  void aRequirementOfAnotherProtocolIsRefused() {
    assertThatThrownBy(
            () -> MessageTypes.parse(document(HELLO.replace("CIP-MSG-001", "HCP-MSG-001"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("types[0]")
        .hasMessageContaining("is not CIP-MSG-nnn");
  }

  @Test
  void aChannelThatIsNotStandardIsRefused() {
    assertThatThrownBy(() -> MessageTypes.parse(document(HELLO.replace("control", "chat"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chat is not a standard channel");
  }

  @Test
  void aPayloadSchemaOfAnotherProtocolIsRefused() {
    assertThatThrownBy(
            () -> MessageTypes.parse(document(HELLO.replace("payloads/cip/", "payloads/hcp/"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not payloads/cip/NAME.schema.json");
  }

  @Test
  void anUnknownProtocolOrAnExtraMemberIsRefused() {
    assertThatThrownBy(() -> MessageTypes.parse(document(HELLO.replace("\"cip\"", "\"xyz\""))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no protocol xyz");
    assertThatThrownBy(
            () -> MessageTypes.parse(document(HELLO.replace("{", "{\"purpose\":\"greeting\","))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly the members");
  }

  @Test
  void aDocumentWithoutTypesIsRefused() {
    assertThatThrownBy(() -> MessageTypes.parse("{\"types\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no array of types");
  }

  private static byte[] document(String rows) {
    return ("{\"types\":[" + rows + "]}").getBytes(StandardCharsets.UTF_8);
  }
}
