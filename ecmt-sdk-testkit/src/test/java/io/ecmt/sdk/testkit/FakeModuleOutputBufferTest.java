package io.ecmt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the module's MQTT side does not wait for the host to read its output. The host here
 * is a transport whose writes block (a host that stopped reading) once told to.
 */
class FakeModuleOutputBufferTest extends FakeModuleTestBase {
  private final CountDownLatch hostReadsAgain = new CountDownLatch(1);

  /** A host that reads until {@link #stopReading}, then lets every write hang. */
  private final class StallingHost implements Transport {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    volatile TransportListener listener;
    volatile boolean stalled;

    @Override
    public void open(TransportListener l) {
      listener = l;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (stalled) {
        try {
          hostReadsAgain.await();
        } catch (InterruptedException e) {
          throw new IOException("interrupted");
        }
      }
      synchronized (written) {
        written.writeBytes(bytes);
      }
    }

    String output() {
      synchronized (written) {
        return written.toString(StandardCharsets.ISO_8859_1);
      }
    }

    void at(String line) {
      listener.onBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public String description() {
      return "stalling";
    }

    @Override
    public void close() { }
  }

  @AfterEach
  void release() {
    hostReadsAgain.countDown();
  }

  @Test
  void aHostThatStopsReadingDoesNotStallTheMqttSide() throws Exception {
    StallingHost h = new StallingHost();
    module = builder().build();
    try (FakeModule m = module) {
      m.start(h);
      BrokerClient.Subscription seen = observer("stall-observer").subscribe("stall/out", 0);
      BrokerClient publisher = observer("stall-publisher");
      h.at("AT+ECMTOPEN=0,\"test.mosquitto.org\",1883");
      awaitTrue("open", () -> h.output().contains("+ECMTOPEN: 0,0"));
      h.at("AT+ECMTCONN=0,\"stall\",\"u\",\"p\"");
      awaitTrue("connected", () -> h.output().contains("+ECMTCONN: 0,0,0"));
      h.at("AT+ECMTSUB=0,1,\"stall/in\",0");
      awaitTrue("subscribed", () -> h.output().contains("+ECMTSUB: 0,1,0,"));

      h.stalled = true;
      byte[] kb = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 40; i++) { // ~40 KB of +ECMTRECV: more than the output buffer holds
        publisher.publish("stall/in", kb, 0, false);
      }
      h.at("AT+ECMTPUB=0,0,0,0,\"stall/out\",\"still-here\"");
      ReceivedMessage out = seen.poll(WAIT);
      assertThat(out).as("the module published although its host does not read").isNotNull();
      assertThat(new String(out.payload(), StandardCharsets.US_ASCII)).isEqualTo("still-here");
      awaitTrue("the overflow noted", () -> m.transcript().toString().contains("output buffer full"));
    }
  }
}
