package io.ecmt.sdk.it.image;

import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.json.JsonPayloads;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs inside the jlink image: builds a modem over an in-memory pipe to a module that answers
 * {@code OK} to everything (and {@code +CSQ} to {@code AT+CSQ}), synchronises, sends one command and
 * maps one JSON payload. Prints a line starting with {@code IMAGE OK} on success.
 */
public final class ImageMain {
  /** A JSON payload. */
  public record Sample(String sensor, int value) {}

  private ImageMain() {}

  public static void main(String[] args) throws Exception {
    ModuleProfile profile = ModuleProfile.builder("image").maxClients(6).build();
    Publish json = JsonPayloads.withDefaultMapper().toPublish("image/json", new Sample("s1", 7), Qos.AT_MOST_ONCE);
    InMemoryPipe pipe = InMemoryPipe.create();
    try (OkModule module = new OkModule(pipe.moduleEnd());
        EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(profile).build()) {
      modem.start().blockingAwait();
      List<String> signal = modem.command("AT+CSQ").blockingGet();
      System.out.println("IMAGE OK: " + signal + " " + json.payloadAsString() + " clients=" + profile.maxClients()
          + " sdk=" + EcmtModem.class.getModule().getName());
    }
  }

  /** Answers each command line; replies leave on its own thread, never on the writer's. */
  private static final class OkModule implements TransportListener, AutoCloseable {
    private final Transport end;
    private final ExecutorService replies = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ok-module");
      t.setDaemon(true);
      return t;
    });
    private final StringBuilder line = new StringBuilder();

    OkModule(Transport end) throws java.io.IOException {
      this.end = end;
      end.open(this);
    }

    @Override
    public void onBytes(byte[] bytes) {
      for (byte b : bytes) {
        if (b == '\r') {
          String command = line.toString().trim();
          line.setLength(0);
          if (!command.isEmpty()) {
            replies.execute(() -> answer(command));
          }
        } else if (b != '\n') {
          line.append((char) b);
        }
      }
    }

    private void answer(String command) {
      String reply = command.equalsIgnoreCase("AT+CSQ") ? "\r\n+CSQ: 23,99\r\n\r\nOK\r\n" : "\r\nOK\r\n";
      try {
        end.write(reply.getBytes(StandardCharsets.US_ASCII));
      } catch (java.io.IOException closed) {
        // the modem went away
      }
    }

    @Override
    public void onClosed() {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void close() {
      replies.shutdownNow();
    }
  }
}
