package io.ecmt.sdk.testkit.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code socat -d -d pty,raw,echo=0,link=<tmp>/ttyV0 tcp:127.0.0.1:<port>}: a pseudo-terminal whose
 * other side is a TCP connection; the test opens the link with jSerialComm.
 */
final class SocatPty implements AutoCloseable {
  private final Path dir;
  private final Path link;
  private final Path log;
  private final Process process;

  private SocatPty(Path dir, Path link, Path log, Process process) {
    this.dir = dir;
    this.link = link;
    this.log = log;
    this.process = process;
  }

  static SocatPty bridgeTo(InetSocketAddress target) throws IOException {
    Path socat = Tools.require("socat", "socat");
    Path dir = Files.createTempDirectory("ecmt-pty-");
    Path link = dir.resolve("ttyV0");
    Path log = dir.resolve("socat.log");
    Process p = new ProcessBuilder(socat.toString(), "-d", "-d",
        "pty,raw,echo=0,link=" + link, "tcp:" + target.getHostString() + ":" + target.getPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SocatPty pty = new SocatPty(dir, link, log, p);
    try {
      Tools.await(Duration.ofSeconds(10), () -> Files.exists(link) || !p.isAlive(),
          () -> "pty link " + link + "; socat log:\n" + Tools.read(log));
      if (!p.isAlive()) {
        throw new IOException("socat exited with " + p.exitValue() + ":\n" + Tools.read(log));
      }
    } catch (IOException | RuntimeException | AssertionError e) {
      pty.close();
      throw e;
    }
    return pty;
  }

  /** The symlink to the pty slave, e.g. {@code /tmp/ecmt-pty-123/ttyV0}. */
  String portName() {
    return link.toString();
  }

  String log() {
    return Tools.read(log);
  }

  @Override
  public void close() {
    Tools.destroy(process);
    Tools.deleteTree(dir);
  }
}
