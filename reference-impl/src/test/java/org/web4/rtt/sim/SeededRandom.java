package org.web4.rtt.sim;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.SplittableRandom;

/**
 * A {@link SecureRandom} whose bytes all come from one seed, so that the simulation's Noise
 * ephemeral keys (and everything else an endpoint draws) are the same on every replay of a seed.
 * Predictable by design: tests only.
 */
final class SeededRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  SeededRandom(long seed) {
    super(new Spi(seed), null);
  }

  private static final class Spi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;

    private final SplittableRandom random;

    Spi(long seed) {
      this.random = new SplittableRandom(seed);
    }

    /** Ignored: a seeded generator stays on its seed. */
    @Override
    protected void engineSetSeed(byte[] seed) {}

    @Override
    protected synchronized void engineNextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i += 8) {
        long r = random.nextLong();
        for (int j = i; j < Math.min(bytes.length, i + 8); j++) {
          bytes[j] = (byte) r;
          r >>>= 8;
        }
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
