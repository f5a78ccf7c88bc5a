package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web4.lip.EvidenceDocument;

/**
 * The LIP evidence document (spec/lip.md §4.3, §4.4): any response is judged — conforming with its
 * payload members, or failed with one reason — and the judge never throws. A body's verdict agrees
 * with {@link EvidenceDocument#parse}.
 */
class EvidenceDocumentFuzzTest {
  private static final Map<String, List<String>> HEADERS =
      Map.of("Content-Type", List.of(EvidenceDocument.MEDIA_TYPE));

  @FuzzTest
  @DictionaryFile(resourcePath = "/org/web4/fuzz/json.dict")
  void judgeBody(byte[] body) {
    EvidenceDocument.Verdict verdict = EvidenceDocument.judge(200, HEADERS, body);
    Optional<ObjectNode> parsed = EvidenceDocument.parse(body);
    if (verdict.conforms()) {
      ObjectNode payload = verdict.payload();
      assertNotNull(payload);
      assertNull(verdict.failure());
      assertEquals(parsed.orElseThrow(), payload, "judge and parse agree");
      assertNotNull(payload.get("claims"), "Table 4.3: claims");
      assertNotNull(payload.get("evidence"), "Table 4.3: evidence");
      assertNotNull(payload.get("confidence"), "Table 4.3: confidence");
    } else {
      assertNotNull(verdict.failure(), "a refused document has a reason");
    }
  }

  /** Status and headers (§4.4 conditions 1 and 2) with a short body: never throws. */
  @FuzzTest
  void judgeResponse(FuzzedDataProvider data) {
    int status = data.consumeInt(0, 999);
    Map<String, List<String>> headers = new java.util.HashMap<>();
    int count = data.consumeInt(0, 4);
    for (int i = 0; i < count; i++) {
      headers
          .computeIfAbsent(data.consumeString(24), name -> new java.util.ArrayList<>())
          .add(data.consumeString(80));
    }
    EvidenceDocument.Verdict verdict =
        EvidenceDocument.judge(status, headers, data.consumeRemainingAsBytes());
    assertEquals(verdict.conforms(), verdict.failure() == null, "exactly one of the two");
  }
}
