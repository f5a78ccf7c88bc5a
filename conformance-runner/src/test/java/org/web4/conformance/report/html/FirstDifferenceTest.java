package org.web4.conformance.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The DIFF form agreed with the evidence producers, and where the page marks it. */
class FirstDifferenceTest {
  @Test
  void countsTheOffsetInUtf8BytesAsTheRunnerDoes() {
    FirstDifference d =
        FirstDifference.of("expected: {\"é\":1}\nactual:   {\"é\":2}\n").orElseThrow();
    assertThat(d.at()).isEqualTo(5);
    assertThat(d.byteOffset()).isEqualTo(6);
    assertThat(d.render(100)).contains(":<mark>1</mark>}").contains(":<mark>2</mark>}");
  }

  @Test
  void aPrefixIsMarkedWhereTheShorterTextEnds() {
    FirstDifference d = FirstDifference.of("expected: [1,2]\nactual:   [1,2]x\n").orElseThrow();
    assertThat(d.render(100))
        .isEqualTo(
            "expected: [1,2]<mark title=\"the text ends here\">(end)</mark>\n"
                + "actual:   [1,2]<mark>x</mark>");
  }

  @Test
  void longFormsShowAWindowAroundTheDifference() {
    String same = "a".repeat(1000);
    FirstDifference d =
        FirstDifference.of("expected: " + same + "<b\nactual:   " + same + ">b\n").orElseThrow();
    String shown = d.render(10);
    assertThat(shown).startsWith("expected: <span class=\"caret\">…</span>aaaaaaaaaa<mark>&lt;");
    assertThat(shown).hasSizeLessThan(200);
  }

  @Test
  void textInAnotherFormIsNotADiff() {
    assertThat(FirstDifference.of("canonical form differs")).isEmpty();
    assertThat(FirstDifference.of("expected: a\nactual:   b\nmore")).isEmpty();
  }
}
