package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.CanonicalizeReply;

/** Steps for RFC 8785 canonicalization (spec/envelope.md, Canonical JSON). */
public final class CanonicalizationSteps {
  private final World world;
  private @Nullable CanonicalizeReply reply;

  public CanonicalizationSteps(World world) {
    this.world = world;
  }

  @When("the implementation canonicalizes:")
  public void canonicalizesDocString(String text) throws Exception {
    canonicalize(Placeholders.expand(text, world).getBytes(StandardCharsets.UTF_8));
  }

  @When("the implementation canonicalizes the text {string}")
  public void canonicalizesText(String text) throws Exception {
    canonicalize(Placeholders.expand(text, world).getBytes(StandardCharsets.UTF_8));
  }

  @When("the implementation canonicalizes the hex {string}")
  public void canonicalizesHex(String hex) throws Exception {
    canonicalize(HexFormat.of().parseHex(hex));
  }

  @Then("the canonical form is:")
  public void canonicalFormDocString(String expected) {
    expect(expected.getBytes(StandardCharsets.UTF_8));
  }

  @Then("the canonical form is the text {string}")
  public void canonicalFormText(String expected) {
    expect(Placeholders.expand(expected, world).getBytes(StandardCharsets.UTF_8));
  }

  @Then("the canonical form is the hex {string}")
  public void canonicalFormHex(String hex) {
    expect(HexFormat.of().parseHex(hex));
  }

  @Then("the input is refused")
  public void refused() {
    if (reply().verdict().valid()) {
      throw world.failure("the input to be refused (INVALID_ENVELOPE)");
    }
  }

  private void canonicalize(byte[] input) throws Exception {
    reply = world.harness().canonicalize(input);
    world.record(reply.exchange());
  }

  private void expect(byte[] expected) {
    String outputHex = reply().outputHex();
    byte[] output = outputHex == null ? null : HexFormat.of().parseHex(outputHex);
    if (!reply().verdict().valid()
        || output == null
        || !java.util.Arrays.equals(output, expected)) {
      throw world.failure("the canonical form " + HexFormat.of().formatHex(expected) + " (hex)");
    }
  }

  private CanonicalizeReply reply() {
    CanonicalizeReply r = reply;
    if (r == null) {
      throw new IllegalStateException("no canonicalize request yet");
    }
    return r;
  }
}
