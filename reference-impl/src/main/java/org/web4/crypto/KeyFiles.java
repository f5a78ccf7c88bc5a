package org.web4.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Key files, in the formats every toolchain reads (documented in docs/key-files.md):
 *
 * <ul>
 *   <li>private key: PEM "PRIVATE KEY", PKCS#8 v1 per RFC 8410 §7 — the DER is the fixed 16-byte
 *       prefix {@code 302e020100300506032b657004220420} followed by the 32-byte seed ({@code
 *       openssl genpkey -algorithm ed25519} writes the same);
 *   <li>public key: PEM "PUBLIC KEY", SubjectPublicKeyInfo per RFC 8410 §4 — the fixed 12-byte
 *       prefix {@code 302a300506032b6570032100} followed by the 32 raw bytes.
 * </ul>
 */
public final class KeyFiles {
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private KeyFiles() {}

  public static AgentKeyPair readPrivateKey(Path file) throws IOException {
    byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY", file);
    if (der.length != PKCS8_PREFIX.length + 32
        || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
      throw new IOException(file + ": not an Ed25519 PKCS#8 v1 private key (RFC 8410)");
    }
    byte[] seed = Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length);
    try {
      return AgentKeyPair.fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(der, (byte) 0);
    }
  }

  /** Writes the private key readable by the owner only (where the file system supports it). */
  public static void writePrivateKey(AgentKeyPair key, Path file) throws IOException {
    byte[] seed = key.seed();
    byte[] der = new byte[PKCS8_PREFIX.length + seed.length];
    System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
    System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, seed.length);
    String pem = pem("PRIVATE KEY", der);
    Arrays.fill(seed, (byte) 0);
    Arrays.fill(der, (byte) 0);
    Files.writeString(
        file,
        pem,
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the platform's defaults apply
    }
  }

  public static AgentPublicKey readPublicKey(Path file) throws IOException {
    byte[] der = pemBody(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY", file);
    if (der.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IOException(file + ": not an Ed25519 SubjectPublicKeyInfo (RFC 8410)");
    }
    return AgentPublicKey.fromRaw(Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length));
  }

  public static void writePublicKey(AgentPublicKey key, Path file) throws IOException {
    byte[] raw = key.raw();
    byte[] der = new byte[SPKI_PREFIX.length + raw.length];
    System.arraycopy(SPKI_PREFIX, 0, der, 0, SPKI_PREFIX.length);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, raw.length);
    Files.writeString(file, pem("PUBLIC KEY", der), StandardCharsets.US_ASCII);
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static byte[] pemBody(String text, String label, Path file) throws IOException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException(file + ": no PEM block labelled " + label);
    }
    String body = text.substring(from + begin.length(), to).replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": PEM body is not base64", e);
    }
  }
}
