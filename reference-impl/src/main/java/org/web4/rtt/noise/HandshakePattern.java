package org.web4.rtt.noise;

import java.util.List;

/**
 * A handshake pattern as data (Noise spec §7): the message patterns in order, alternating initiator
 * → responder → initiator…, each a list of tokens. One token loop in {@link HandshakeState}
 * interprets them. Only the patterns without pre-messages are needed here.
 */
public record HandshakePattern(String name, List<List<Token>> messages) {

  /** The tokens of message patterns. */
  public enum Token {
    E,
    S,
    EE,
    ES,
    SE,
    SS,
    PSK
  }

  public HandshakePattern {
    messages = messages.stream().map(List::copyOf).toList();
  }

  /** {@code -> e}, {@code <- e, ee}. */
  public static final HandshakePattern NN =
      new HandshakePattern("NN", List.of(List.of(Token.E), List.of(Token.E, Token.EE)));

  /** {@code -> e}, {@code <- e, ee, s, es}, {@code -> s, se}: the RTT pattern. */
  public static final HandshakePattern XX =
      new HandshakePattern(
          "XX",
          List.of(
              List.of(Token.E),
              List.of(Token.E, Token.EE, Token.S, Token.ES),
              List.of(Token.S, Token.SE)));

  /** XX with a pre-shared key mixed after the third message's tokens. */
  public static final HandshakePattern XX_PSK3 =
      new HandshakePattern(
          "XXpsk3",
          List.of(
              List.of(Token.E),
              List.of(Token.E, Token.EE, Token.S, Token.ES),
              List.of(Token.S, Token.SE, Token.PSK)));

  boolean usesPsk() {
    return messages.stream().anyMatch(m -> m.contains(Token.PSK));
  }

  public static HandshakePattern named(String name) {
    for (HandshakePattern p : List.of(NN, XX, XX_PSK3)) {
      if (p.name.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unsupported handshake pattern: " + name);
  }
}
