package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the transcript shows (JSON export, toString, entries, violations) hides every secret form;
 * what it returns for assertions (commands, bytes) stays exact. The secrets are made of q and z
 * only, letters nothing else in this traffic holds, so a single leaked character shows.
 */
class TranscriptSecretsTest extends FakeModuleTestBase {

  @Test
  void everyShownFormHidesPasswordsDeviceSecretsAndPsks() throws Exception {
    start(builder().echo(true));
    module.apply(Fault.chunkOutput(3)); // the echo comes back in 3-byte pieces
    host.at("AT+ECMTCONN=0,\"id\",\"user\",\"qzqzqz\"");
    host.readUntil("+CME ERROR: 3\r\n");
    host.at("at+ecmtcfg=\"aliauth\",0,\"pk\",\"dn\",\"zzqqzz\"");
    host.readUntil("OK\r\n");
    host.at("AT+ECMTCFG=\"aliauth\",0"); // the query answer prints the device secret
    host.readUntil("OK\r\n");
    host.at("AT+ECMTCFG=\"ssl\",\"psk\",\"qqqzzz\",\"client-1\""); // not supported: a violation
    host.readUntil("\r\n");
    host.readUntil("\r\n");
    host.sendBytes("\0\0AT+ECMTCONN=0,\"id\",\"user\",\"zqzqzq\"\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    host.readUntil("ERROR\r\n");
    host.send("   AT+ECMTCONN=0,\"id\",\"us"); // the host's own write split in two
    host.send("er\",\"qzzq\"\r\n");
    host.readUntil("ERROR\r\n"); // spaces before AT: not a command to the module
    Transcript t = module.transcript();

    assertThat(t.toJsonLines()).doesNotContainPattern("[qz]").contains("\\\"***\\\"");
    assertThat(t.toString()).doesNotContainPattern("[qz]")
        .contains("AT+ECMTCONN=0,\"id\",\"user\",\"***\"", "AT+ECMTCFG=\"ssl\",\"psk\",\"***\",\"client-1\"");
    String shownOutput = t.entries().stream()
        .filter(e -> e.direction() == Transcript.Direction.MODULE_TO_HOST && e.kind() == Transcript.Kind.BYTES)
        .map(Transcript.Entry::redactedText).collect(java.util.stream.Collectors.joining());
    assertThat(shownOutput).contains("AT+ECMTCONN=0,\"id\",\"user\",\"***\"\r\n+CME ERROR: 3",
        "+ECMTCFG: \"aliauth\",dn,***\r\n");
    assertThat(t.entries()).allSatisfy(e -> {
      assertThat(e.toString()).doesNotContainPattern("[qz]");
      assertThat(e.redactedText()).doesNotContainPattern("[qz]");
    });
    assertThat(module.violations()).hasSize(3).allSatisfy(v -> assertThat(v).doesNotContainPattern("[qz]"));

    // The raw views are for assertions on what really crossed the wire.
    assertThat(t.commands()).contains("AT+ECMTCONN=0,\"id\",\"user\",\"qzqzqz\"",
        "   AT+ECMTCONN=0,\"id\",\"user\",\"qzzq\"");
    assertThat(new String(t.sent(), java.nio.charset.StandardCharsets.US_ASCII)).contains("\"zzqqzz\"");
  }
}
