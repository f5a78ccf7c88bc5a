package org.web4.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.web4.cip.TrustState;

/**
 * The vouch rules of spec/mesh.md §4.6: when a received MESH_VOUCH is a {@code vouch} event
 * (MESH-TRU-001), and which MESH_VOUCHes an agent sends when it comes to hold a neighbour and
 * another peer {@code trusted} (MESH-TRU-003).
 */
public final class Vouching {
  /**
   * One MESH_VOUCH to send: to the neighbour {@code to}, view {@code trusted} about {@code
   * subject}.
   */
  public record Vouch(String to, String subject) {}

  private Vouching() {}

  /**
   * Whether a MESH_VOUCH is a {@code vouch} event: view {@code trusted}, from a neighbour the
   * receiver holds {@code trusted}, about a subject that is neither the receiver nor the sender and
   * is unknown to the receiver. Anything else changes nothing [MESH-TRU-001].
   */
  public static boolean isVouchEvent(
      String view,
      TrustState senderState,
      String sender,
      String subject,
      String self,
      boolean subjectUnknown) {
    return view.equals("trusted")
        && senderState == TrustState.TRUSTED
        && !subject.equals(self)
        && !subject.equals(sender)
        && subjectUnknown;
  }

  /**
   * [MESH-TRU-003] The vouches to send when {@code peer} became {@code trusted}: to every trusted
   * neighbour other than it, about it; and, when it is a neighbour itself, to it about every other
   * peer held trusted. {@code trusted} and {@code neighbours} are as they are after the change.
   */
  public static List<Vouch> onTrusted(
      String peer, Collection<String> trusted, Collection<String> neighbours) {
    List<Vouch> out = new ArrayList<>();
    for (String n : neighbours) {
      if (!n.equals(peer) && trusted.contains(n)) {
        out.add(new Vouch(n, peer));
      }
    }
    if (neighbours.contains(peer)) {
      out.addAll(onSession(peer, trusted));
    }
    return out;
  }

  /**
   * [MESH-TRU-003] The vouches to send when the CIP handshake with the trusted neighbour {@code
   * neighbour} completes: to it, about every other peer held trusted.
   */
  public static List<Vouch> onSession(String neighbour, Collection<String> trusted) {
    List<Vouch> out = new ArrayList<>();
    for (String s : trusted) {
      if (!s.equals(neighbour)) {
        out.add(new Vouch(neighbour, s));
      }
    }
    return out;
  }
}
