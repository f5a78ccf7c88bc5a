package org.web4.conformance.rtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * The tester's deterministic random bit generator: the bytes of block {@code i} are SHA-256(key ‖
 * i), the key being SHA-256 of the run's seed and a label (a peer name, a connection number, a
 * purpose). Everything random the tester sends — Noise ephemeral keys, CIP nonces, msg_ids, PING
 * bodies — comes from one of these, so that a run replays byte for byte from its seed.
 *
 * <p>It is a {@link SecureRandom} only so that it can be handed to APIs that take one; it is
 * predictable by design and must never protect anything. Not thread-safe across callers that need a
 * stable order; each use site owns its own.
 */
public final class TesterRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  private TesterRandom(Spi spi) {
    super(spi, null);
  }

  /** The generator for {@code label} in a run with this seed. */
  public static TesterRandom of(long seed, String label) {
    return new TesterRandom(
        new Spi(
            sha256(
                ("web4-conformance/drbg/" + label + "/" + seed).getBytes(StandardCharsets.UTF_8))));
  }

  /** The next {@code n} bytes. */
  public byte[] bytes(int n) {
    byte[] b = new byte[n];
    nextBytes(b);
    return b;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 in counter mode. */
  private static final class Spi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;

    private byte[] key;
    private long counter;
    private byte[] block = new byte[0];
    private int used;

    Spi(byte[] key) {
      this.key = key;
    }

    /** Reseeding mixes the input into the key: still deterministic. */
    @Override
    protected synchronized void engineSetSeed(byte[] seed) {
      key = sha256(key, seed);
      counter = 0;
      block = new byte[0];
      used = 0;
    }

    @Override
    protected synchronized void engineNextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        if (used == block.length) {
          block = sha256(key, ByteBuffer.allocate(8).putLong(counter++).array());
          used = 0;
        }
        bytes[i] = block[used++];
      }
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      byte[] b = new byte[numBytes];
      engineNextBytes(b);
      return b;
    }
  }
}
