package org.web4.rtt.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseProtocol;

/**
 * The identity binding over a real XX handshake: who completed the handshake is who signed its key.
 */
class IdentityPayloadTest {
  private static final byte[] PROLOGUE = "web4-rtt/1.0".getBytes(StandardCharsets.US_ASCII);
  private static final AgentKeyPair ALICE = AgentKeyPair.fromSeed(new byte[32]);
  private static final AgentKeyPair BOB = AgentKeyPair.fromSeed(filled(7));

  @Test
  void aFullHandshakeAuthenticatesBothIdentities() throws Exception {
    SecureRandom random = new SecureRandom();
    Curve25519KeyPair aliceStatic = Curve25519KeyPair.generate(random);
    Curve25519KeyPair bobStatic = Curve25519KeyPair.generate(random);
    HandshakeState dialer =
        new HandshakeState(
            NoiseProtocol.RTT,
            HandshakeState.Role.INITIATOR,
            PROLOGUE,
            aliceStatic,
            null,
            null,
            random);
    HandshakeState listener =
        new HandshakeState(
            NoiseProtocol.RTT,
            HandshakeState.Role.RESPONDER,
            PROLOGUE,
            bobStatic,
            null,
            null,
            random);

    listener.readMessage(dialer.writeMessage(new byte[0]));
    byte[] m2 = listener.writeMessage(IdentityPayload.create("bob", BOB, bobStatic.publicKey()));
    byte[] bobsPayload = dialer.readMessage(m2);
    byte[] m3 =
        dialer.writeMessage(IdentityPayload.create("alice", ALICE, aliceStatic.publicKey()));
    byte[] alicesPayload = listener.readMessage(m3);

    IdentityPayload.PeerIdentity bob =
        IdentityPayload.verify(
            bobsPayload, remoteStatic(dialer), Optional.of(BOB.publicKey().fingerprint()));
    IdentityPayload.PeerIdentity alice =
        IdentityPayload.verify(alicesPayload, remoteStatic(listener), Optional.empty());
    assertThat(bob.agentId()).isEqualTo("bob");
    assertThat(bob.key()).isEqualTo(BOB.publicKey());
    assertThat(alice.key()).isEqualTo(ALICE.publicKey());
  }

  @Test
  void aBindingToAnotherStaticKeyIsRefused() {
    byte[] payload = IdentityPayload.create("bob", BOB, new byte[32]);
    assertThatThrownBy(() -> IdentityPayload.verify(payload, filled(1), Optional.empty()))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.BINDING));
  }

  @Test
  void anUnexpectedPeerIsRefused() {
    byte[] key = filled(3);
    byte[] payload = IdentityPayload.create("mallory", ALICE, key);
    assertThatThrownBy(
            () -> IdentityPayload.verify(payload, key, Optional.of(BOB.publicKey().fingerprint())))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.UNEXPECTED_PEER));
  }

  @Test
  void malformedPayloadsAndOtherVersionsAreRefused() {
    byte[] key = filled(3);
    assertThatThrownBy(
            () ->
                IdentityPayload.verify(
                    "{\"rtt\":[\"1.0\"]}".getBytes(StandardCharsets.UTF_8), key, Optional.empty()))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.MALFORMED));
    String v2 =
        new String(IdentityPayload.create("bob", BOB, key), StandardCharsets.UTF_8)
            .replace("[\"1.0\"]", "[\"2.0\"]");
    assertThatThrownBy(
            () ->
                IdentityPayload.verify(v2.getBytes(StandardCharsets.UTF_8), key, Optional.empty()))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.VERSION));
  }

  /** spec/rtt.md Table 3.3: each row refuses, whatever the others say. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "'\"max_channels\":64' | '\"max_channels\":64.0'",
        "'\"max_channels\":64' | '\"max_channels\":6.4e1'",
        "'\"max_channels\":64' | '\"max_channels\":2'",
        "'\"max_channels\":64' | '\"max_channels\":1025'",
        "'\"max_channels\":64' | '\"max_channels\":\"64\"'",
        "'\"agent_id\":\"bob\"' | '\"agent_id\":\"-bad\"'",
        "'\"agent_id\":\"bob\"' | '\"agent_id\":\"\"'",
        "'\"agent_id\":\"bob\"' | '\"agent_id\":7'",
        "'\"rtt\":[\"1.0\"]' | '\"rtt\":[\"1.0\",2]'",
        "'\"rtt\":[\"1.0\"]' | '\"rtt\":[]'",
        "'\"rtt\":[\"1.0\"]' | '\"rtt\":[\"1.0\",\"v2\"]'",
        "'\"rtt\":[\"1.0\"]' | '\"rtt\":\"1.0\"'",
        "'\"channels\":[\"control\",\"state\",\"knowledge\"]' | '\"channels\":[\"state\",\"control\",\"knowledge\"]'",
        "'{\"agent_id\"' | '{ \"agent_id\"'",
        "'\"agent_id\":\"bob\"' | '\"agent_id\":\"b\\u006fb\"'",
      })
  void eachCheckOfTable33Refuses(String from, String to) {
    byte[] key = filled(3);
    String valid = new String(IdentityPayload.create("bob", BOB, key), StandardCharsets.UTF_8);
    assertThat(valid).contains(strip(from));
    byte[] changed = valid.replace(strip(from), strip(to)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> IdentityPayload.verify(changed, key, Optional.empty()))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.MALFORMED));
  }

  @Test
  void membersInAnotherOrderAndSeventeenVersionsAreRefused() {
    byte[] key = filled(3);
    String valid = new String(IdentityPayload.create("bob", BOB, key), StandardCharsets.UTF_8);
    String rttFirst = "{\"rtt\":[\"1.0\"]," + valid.substring(1).replace(",\"rtt\":[\"1.0\"]", "");
    String seventeen =
        valid.replace(
            "\"rtt\":[\"1.0\"]",
            "\"rtt\":[\"1.0\"" + ",\"1.1\"".repeat(IdentityPayload.MAX_VERSIONS) + "]");
    for (String bad : java.util.List.of(rttFirst, seventeen)) {
      assertThatThrownBy(
              () ->
                  IdentityPayload.verify(
                      bad.getBytes(StandardCharsets.UTF_8), key, Optional.empty()))
          .as(bad)
          .isInstanceOf(RttHandshakeException.class);
    }
  }

  /** Issue 20 item 5: an agent_id one character over the 128 of Table 3.3 row 4 is refused. */
  @Test
  void anAgentIdOf129CharactersIsRefused() {
    byte[] key = filled(3);
    String valid = new String(IdentityPayload.create("bob", BOB, key), StandardCharsets.UTF_8);
    for (String id : java.util.List.of("b" + "-".repeat(128), "b".repeat(129), "b".repeat(4096))) {
      byte[] changed = valid.replace("\"bob\"", "\"" + id + "\"").getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> IdentityPayload.verify(changed, key, Optional.empty()))
          .as("%d characters", id.length())
          .isInstanceOfSatisfying(
              RttHandshakeException.class,
              e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.MALFORMED));
    }
  }

  @Test
  void theBoundsOfTable33AreAccepted() throws RttHandshakeException {
    byte[] key = filled(3);
    String valid = new String(IdentityPayload.create("bob", BOB, key), StandardCharsets.UTF_8);
    String sixteen =
        valid.replace(
            "\"rtt\":[\"1.0\"]",
            "\"rtt\":[\"0.9\"" + ",\"1.0\"".repeat(IdentityPayload.MAX_VERSIONS - 1) + "]");
    String id128 = valid.replace("\"bob\"", "\"b" + "-".repeat(127) + "\"");
    for (String ok : java.util.List.of(sixteen, id128)) {
      assertThat(
              IdentityPayload.verify(ok.getBytes(StandardCharsets.UTF_8), key, Optional.empty())
                  .key())
          .isEqualTo(BOB.publicKey());
    }
    for (int n : new int[] {3, 1024}) {
      byte[] payload = IdentityPayload.create("bob", BOB, key, new org.web4.rtt.RttLimits(n));
      assertThat(IdentityPayload.verify(payload, key, Optional.empty()).limits().maxChannels())
          .isEqualTo(n);
    }
  }

  private static String strip(String quoted) {
    return quoted.substring(1, quoted.length() - 1);
  }

  @Test
  void theBindingLabelIs32Bytes() {
    assertThat(IdentityPayload.BINDING_LABEL).hasSize(32);
  }

  private static byte[] remoteStatic(HandshakeState side) {
    byte[] rs = side.result().remoteStatic();
    assertThat(rs).as("XX transmits the static key").isNotNull();
    return java.util.Objects.requireNonNull(rs);
  }

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
