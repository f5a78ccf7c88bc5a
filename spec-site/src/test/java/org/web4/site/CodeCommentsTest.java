package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Only comments name requirements: string literals and text blocks are data. */
class CodeCommentsTest {
  private static List<String> ids(List<CodeComments.Mention> mentions) {
    return mentions.stream().map(m -> m.id() + "@" + m.line()).toList();
  }

  @Test
  void javaLineAndBlockCommentsCountStringsAndTextBlocksDoNot() {
    String java =
        """
        class A {
          // closes within 5 s [RTT-GA-001]
          String s = "a literal [ENV-SIG-004] // not a comment";
          char c = '"';
          /**
           * two lines,
           * the second names HCP-DEL-001 and CIP-HS-003
           */
          String t = \"""
              [LIP-EV-010] in a text block
              \""";
          int x = 1; /* ENV-JCS-001 */
        }
        """;
    assertThat(ids(CodeComments.inJava("A.java", java)))
        .containsExactly("RTT-GA-001@2", "HCP-DEL-001@7", "CIP-HS-003@7", "ENV-JCS-001@12");
  }

  @Test
  void pythonHashCommentsCountHashesInStringsDoNot() {
    String py =
        """
        x = "# RTT-HS-001 is in a string"
        y = 1  # decides RTT-HS-007
        # HAR-INFO-004
        """;
    assertThat(ids(CodeComments.inPython("a.py", py)))
        .containsExactly("RTT-HS-007@2", "HAR-INFO-004@3");
  }

  @Test
  void anUnterminatedCommentEndsTheFileWithoutLoopingForever() {
    assertThat(ids(CodeComments.inJava("A.java", "/* RTT-GA-001"))).containsExactly("RTT-GA-001@1");
    assertThat(CodeComments.inJava("A.java", "String s = \"RTT-GA-001")).isEmpty();
  }
}
