package org.web4.conformance.cip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web4.conformance.rtt.PeerInbox;
import org.web4.conformance.testing.ScriptedImplementation;

/**
 * The delivery barrier of {@link CipPeer#send}: it returns once the implementation granted the
 * message's credit back (RTT-FLOW-002), fails naming the message when it does not within 5 s, and
 * returns when the connection ends first.
 */
class DeliveryBarrierTest {
  private static ObjectNode intent(CipPeer peer) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    return peer.envelope("INTENT", p);
  }

  @Test
  void returnsOnceTheImplementationGrantsTheCreditBack() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(21)) {
      CipPeer tester = new CipPeer(impl.tester(), 21);
      PeerInbox iut = impl.iut().inbox();
      // the implementation takes the message: its inbox returns the credit as it reads it
      CompletableFuture<Optional<PeerInbox.Arrival>> taken =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return iut.take(a -> a.envelope() != null, Duration.ofSeconds(10));
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      ObjectNode intent = intent(tester);

      tester.send(intent);

      assertThat(tester.rtt().sendWindow(0)).isEqualTo(1_048_576);
      assertThat(taken.get(10, TimeUnit.SECONDS).orElseThrow().envelope()).isEqualTo(intent);
    }
  }

  @Test
  void failsNamingTheMessageWhenNoCreditComesBack() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(22)) {
      CipPeer tester = new CipPeer(impl.tester(), 22);
      ObjectNode intent = intent(tester); // nobody reads it on the implementation's side

      assertThatThrownBy(() -> tester.send(intent))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(
              "expected the implementation to take peer tester's INTENT "
                  + intent.path("msg_id")
                  + " on channel 0 and grant its credit back within 5 s (RTT-FLOW-002)")
          .hasMessageContaining("the tester's window is still")
          .hasMessageContaining("RTT transcript:");
    }
  }

  @Test
  void returnsWhenTheConnectionEndsFirst() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(23)) {
      CipPeer tester = new CipPeer(impl.tester(), 23);
      impl.iut().finishSending(); // FIN: it reads on, but will never send (nor credit) again

      tester.send(intent(tester)); // returns instead of failing: delivery can no longer be seen

      assertThat(tester.rtt().inbox().ended()).isTrue();
      assertThat(tester.rtt().sendWindow(0)).isLessThan(1_048_576);
    }
  }
}
