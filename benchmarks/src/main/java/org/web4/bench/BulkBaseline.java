package org.web4.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The baseline of the RTT bulk figures: the same bytes over one raw TCP connection, or over JSSE
 * TLS 1.3 with AES-GCM and an in-memory self-signed certificate, on loopback.
 */
final class BulkBaseline {
  private BulkBaseline() {}

  /** The same bytes in 64 KiB writes over raw TCP, or JSSE TLS 1.3 with AES-GCM. */
  static double bytesPerSecond(long total, boolean tls) throws Exception {
    SSLContext context = tls ? selfSignedContext() : null;
    ServerSocket ss =
        context != null
            ? context
                .getServerSocketFactory()
                .createServerSocket(0, 8, InetAddress.getLoopbackAddress())
            : new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    if (ss instanceof SSLServerSocket s) {
      s.setEnabledProtocols(new String[] {"TLSv1.3"});
      s.setEnabledCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (Socket s = ss.accept();
                  InputStream in = s.getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                long got = 0;
                while (got < total) {
                  int n = in.read(buf);
                  if (n < 0) {
                    break;
                  }
                  got += n;
                }
                done.countDown();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "bulk-reader");
    reader.setDaemon(true);
    reader.start();
    byte[] chunk = Fixtures.bytes(64 * 1024, 2);
    Socket s =
        context != null
            ? context
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), ss.getLocalPort())
            : new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
    if (s instanceof SSLSocket ssl) {
      ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
      ssl.startHandshake();
    }
    long t0 = System.nanoTime();
    try (OutputStream out = s.getOutputStream()) {
      long sent = 0;
      while (sent < total) {
        out.write(chunk);
        sent += chunk.length;
      }
      out.flush();
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("bulk baseline did not finish");
      }
    } finally {
      s.close();
      ss.close();
    }
    return total / ((System.nanoTime() - t0) / 1e9);
  }

  /** An SSLContext with an in-memory self-signed P-256 certificate that trusts only itself. */
  static SSLContext selfSignedContext() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plusSeconds(3600)),
                        name,
                        kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    char[] pw = "bench".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, pw);
    ks.setKeyEntry("k", kp.getPrivate(), pw, new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, pw);
    ts.setCertificateEntry("c", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return ctx;
  }
}
