package org.web4.rtt.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transport's encryption into a buffer (a frame's header, then its read-only body, encrypted in
 * place in the buffer that goes to the socket; docs/adr/1429) gives the bytes the array path gives,
 * for both cipher functions, from the buffer's position on and nothing outside it.
 */
class InPlaceEncryptionTest {
  @ParameterizedTest
  @CsvSource({
    "AESGCM, 0, 0",
    "AESGCM, 8, 0",
    "AESGCM, 8, 1",
    "AESGCM, 8, 1017",
    "AESGCM, 8, 65511",
    "AESGCM, 3, 40",
    "CHACHAPOLY, 8, 0",
    "CHACHAPOLY, 8, 65511"
  })
  void theBufferPathGivesTheArrayPathsBytes(String function, int headerLength, int bodyLength)
      throws NoiseException {
    CipherFunction cipher = CipherFunction.valueOf(function);
    Random random = new Random(headerLength * 31L + bodyLength);
    byte[] key = new byte[32];
    random.nextBytes(key);
    byte[] header = new byte[headerLength];
    byte[] body = new byte[bodyLength];
    random.nextBytes(header);
    random.nextBytes(body);
    byte[] plaintext = ByteBuffer.allocate(headerLength + bodyLength).put(header).put(body).array();

    CipherState arrays = state(cipher, key);
    CipherState buffers = state(cipher, key);
    for (int message = 0; message < 3; message++) { // successive nonces
      byte[] expected = arrays.encryptWithAd(new byte[0], plaintext);
      for (boolean direct : new boolean[] {false, true}) {
        int offset = 5;
        int length = offset + expected.length + 7;
        ByteBuffer out = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        out.position(offset);
        ByteBuffer bodyView = ByteBuffer.wrap(body).asReadOnlyBuffer();
        CipherState state = direct ? buffers : state(cipher, key, message);
        int written =
            state.encryptWithAd(new byte[0], ByteBuffer.wrap(header), bodyView, out.slice());
        assertThat(written).isEqualTo(expected.length);
        byte[] got = new byte[length];
        out.duplicate().position(0).get(got);
        byte[] wanted = new byte[length];
        System.arraycopy(expected, 0, wanted, offset, expected.length);
        assertThat(got).isEqualTo(wanted);
      }
    }
  }

  private static CipherState state(CipherFunction cipher, byte[] key) {
    return state(cipher, key, 0);
  }

  private static CipherState state(CipherFunction cipher, byte[] key, long nonce) {
    CipherState s = new CipherState(cipher);
    s.initializeKey(key);
    s.setNonce(nonce);
    return s;
  }
}
