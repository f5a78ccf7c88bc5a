package org.web4.conformance.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.harness.HarnessInfo;
import org.web4.conformance.testing.KitFiles;
import org.web4.conformance.testing.ServeMain;

class ProcessTargetTest {

  @Test
  void launchesWaitsForReadyAndDestroysTheProcess() throws Exception {
    TargetDescriptor descriptor = serve(List.of());
    ProcessHandle handle;
    try (ProcessTarget target = ProcessTarget.start(descriptor, 5)) {
      HarnessInfo info = target.harness().info();
      assertThat(info.agentIdentity().fingerprint())
          .isEqualTo(IutKey.forSeed(5).publicKey().fingerprint());
      assertThat(target.output().stdout()).contains("ready").contains("harness http://");
      handle = target.processHandle();
    }
    handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(handle.isAlive()).isFalse();
  }

  /**
   * Issue 16: report.json's iut_output carried the harness token the implementation printed; the
   * captured output masks it (the reference prints {@code harness URL token=<64 hex>}).
   */
  @Test
  void theCapturedOutputMasksTheHarnessToken() throws Exception {
    try (ProcessTarget target = ProcessTarget.start(serve(List.of()), 5)) {
      String stdout = target.output().stdout();

      assertThat(stdout).contains("harness http://").contains(" token=***");
      assertThat(stdout).doesNotContainPattern("token=(?!\\*\\*\\*)");
    }
  }

  @Test
  void aProcessThatExitsEarlyIsATargetErrorWithItsOutput() {
    TargetDescriptor descriptor = serve(List.of("--agent-id", "!bad!"));

    assertThatThrownBy(() -> ProcessTarget.start(descriptor, 5))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining("--agent-id");
  }

  @Test
  void readsTheShippedReferenceProcessDescriptor() throws Exception {
    TargetDescriptor d =
        TargetDescriptor.read(KitFiles.root().resolve("targets/reference-process.json"));

    TargetDescriptor.Launch launch = d.launch();
    assertThat(launch).isNotNull();
    assertThat(launch == null ? List.of() : launch.command())
        .contains("{java}", "serve", "{key_file}");
  }

  @Test
  void aConnectDescriptorIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.json");
    Files.writeString(
        file,
        """
        {"name":"remote","connect":{"harness_url":"http://127.0.0.1:8123/harness/v1",\
        "harness_token":"t","rtt_address":"127.0.0.1:7400"},"profile":"core"}""",
        StandardCharsets.UTF_8);

    TargetDescriptor d = TargetDescriptor.read(file);

    assertThat(d.connect())
        .isEqualTo(
            new TargetDescriptor.Connect(
                "http://127.0.0.1:8123/harness/v1", "t", "127.0.0.1:7400"));
    assertThat(d.launch()).isNull();
  }

  private static TargetDescriptor serve(List<String> extra) {
    return ServeMain.descriptor(extra);
  }
}
