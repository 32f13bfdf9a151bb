package io.ecmt.sdk.internal.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.exceptions.AtErrorException;
import io.ecmt.sdk.exceptions.CmeErrorException;
import io.ecmt.sdk.exceptions.CommandTimeoutException;
import io.ecmt.sdk.exceptions.ModemClosedException;
import io.ecmt.sdk.exceptions.TransportException;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.reactivex.rxjava3.observers.TestObserver;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AtChannelTest {

  /** Records what the channel writes; can be told to fail. */
  static final class ScriptedTransport implements Transport {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<String> writes = new ArrayList<>();
    boolean failWrites;

    @Override
    public void open(TransportListener listener) {}

    @Override
    public void write(byte[] bytes) throws IOException {
      if (failWrites) {
        throw new IOException("cable pulled");
      }
      written.writeBytes(bytes);
      writes.add(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public String description() {
      return "scripted";
    }

    @Override
    public void close() {}

    String all() {
      return written.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static final class RecordingListener implements AtChannelListener {
    final List<String> urcs = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int unresponsive;
    int bytesIn;
    int bytesOut;

    @Override
    public void onUrcLine(String line) {
      urcs.add(line);
    }

    @Override
    public void onCommandStart(AtRequest request) {
      events.add("start " + request.logText());
    }

    @Override
    public void onCommandEnd(AtRequest request, AtResponse response) {
      events.add("end " + request.logText());
    }

    @Override
    public void onCommandFailed(AtRequest request, Throwable error) {
      events.add("failed " + request.logText() + " " + error.getClass().getSimpleName());
    }

    @Override
    public void onBytesIn(byte[] bytes) {
      bytesIn += bytes.length;
    }

    @Override
    public void onBytesOut(byte[] bytes) {
      bytesOut += bytes.length;
    }

    @Override
    public void onLineOverflow(int discardedBytes) {
      events.add("overflow " + discardedBytes);
    }

    @Override
    public void onUnresponsive() {
      unresponsive++;
    }
  }

  private static final Duration T = Duration.ofSeconds(5);

  private final TestScheduler scheduler = new TestScheduler();
  private final ScriptedTransport transport = new ScriptedTransport();
  private final RecordingListener listener = new RecordingListener();
  private final Random random = new Random(42);
  private AtChannel channel =
      new AtChannel(transport, scheduler, new AtChannelConfig(Duration.ZERO, 64, Duration.ofSeconds(1), 3, 4), listener);

  /** The module prints {@code text}, delivered in random 1–8 byte fragments. */
  private void module(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int pos = 0;
    while (pos < bytes.length) {
      int n = Math.min(1 + random.nextInt(8), bytes.length - pos);
      byte[] chunk = new byte[n];
      System.arraycopy(bytes, pos, chunk, 0, n);
      channel.onBytes(chunk);
      pos += n;
    }
  }

  private TestObserver<AtResponse> run(AtRequest request) {
    TestObserver<AtResponse> observer = channel.execute(request).test();
    scheduler.triggerActions();
    return observer;
  }

  private static AtRequest read(String command, String responseRegex) {
    Pattern p = Pattern.compile(responseRegex);
    return new AtRequest(command, command, line -> p.matcher(line).matches(), null, T);
  }

  @Test
  void okWithResponseLines() {
    TestObserver<AtResponse> o = run(read("AT+ECMTCONN?", "\\+ECMTCONN:\\d,\\d"));
    assertThat(transport.all()).isEqualTo("AT+ECMTCONN?\r\n");
    o.assertNotComplete();

    module("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");

    o.assertValue(new AtResponse(List.of("+ECMTCONN:0,3")));
    assertThat(listener.events).containsExactly("start AT+ECMTCONN?", "end AT+ECMTCONN?");
    assertThat(listener.urcs).isEmpty();
    assertThat(listener.bytesOut).isEqualTo(14);
    assertThat(listener.bytesIn).isEqualTo(23);
  }

  @Test
  void plainError() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+ECMTSUB=0,1,t,1", T));
    module("\r\nERROR\r\n");
    o.assertError(e -> e instanceof AtErrorException a && a.command().equals("AT+ECMTSUB=0,1,t,1"));
    assertThat(listener.events).containsExactly("start AT+ECMTSUB=0,1,t,1", "failed AT+ECMTSUB=0,1,t,1 AtErrorException");
  }

  @Test
  void cmeErrorNumeric() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+ECMTCONN=0", T));
    module("\r\n+CME ERROR: 3\r\n");
    o.assertError(e -> e instanceof CmeErrorException c
        && c.code() == 3 && c.text() == null && !c.isCms() && c.isOperationNotAllowed()
        && c.command().equals("AT+ECMTCONN=0"));
  }

  @Test
  void cmeErrorWithoutSpaceAfterColon() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+ECMTCONN=0", T));
    module("\r\n+CME ERROR:50\r\n");
    o.assertError(e -> e instanceof CmeErrorException c && c.code() == 50);
  }

  @Test
  void cmeErrorText() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+ECMTCONN=0", T));
    module("\r\n+CME ERROR: operation not allowed\r\n");
    o.assertError(e -> e instanceof CmeErrorException c
        && c.code() == -1 && "operation not allowed".equals(c.text()) && c.isOperationNotAllowed());
  }

  @Test
  void cmsError() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+CMGS=1", T));
    module("\r\n+CMS ERROR: 500\r\n");
    o.assertError(e -> e instanceof CmeErrorException c && c.isCms() && c.code() == 500);
  }

  @Test
  void urcBetweenCommandAndOkIsRoutedAndCommandSucceeds() {
    TestObserver<AtResponse> o = run(AtRequest.simple("AT+ECMTOPEN=0,\"h\",1883", T));
    module("\r\n+ECMTRECV: 0,0,\"t\",hello\r\n\r\nOK\r\n");
    o.assertValue(new AtResponse(List.of()));
    assertThat(listener.urcs).containsExactly("+ECMTRECV: 0,0,\"t\",hello");
  }

  @Test
  void readFormMatchedWhileUrcWithSameHeadIsRoutedAsUrc() {
    TestObserver<AtResponse> o = run(read("AT+ECMTCONN?", "\\+ECMTCONN:\\d,\\d"));
    module("\r\n+ECMTCONN: 0,0,0\r\n\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");
    o.assertValue(new AtResponse(List.of("+ECMTCONN:0,3")));
    assertThat(listener.urcs).containsExactly("+ECMTCONN: 0,0,0");
  }

  @Test
  void echoIsTolerated() {
    TestObserver<AtResponse> o = run(read("AT+ECMTCONN?", "\\+ECMTCONN:\\d,\\d"));
    module("AT+ECMTCONN?\r\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n");
    o.assertValue(new AtResponse(List.of("+ECMTCONN:0,3")));
    assertThat(listener.urcs).isEmpty();
  }

  @Test
  void fifoOneCommandInFlight() {
    TestObserver<AtResponse> first = channel.execute(AtRequest.simple("AT+A", T)).test();
    TestObserver<AtResponse> second = channel.execute(AtRequest.simple("AT+B", T)).test();
    assertThat(transport.writes).isEmpty(); // cold until the session thread runs the pump
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+A\r\n");

    module("\r\n+ECMTSTAT: 0,1\r\n");
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+A\r\n");

    module("\r\nOK\r\n");
    first.assertComplete();
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT+B\r\n");
    module("\r\nOK\r\n");
    second.assertComplete();
  }

  @Test
  void disposeBeforeWriteRemovesFromQueue() {
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+A", T));
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    TestObserver<AtResponse> c = channel.execute(AtRequest.simple("AT+C", T)).test();
    b.dispose();
    module("\r\nOK\r\n");
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT+C\r\n");
    module("\r\nOK\r\n");
    a.assertComplete();
    c.assertComplete();
    b.assertEmpty();
  }

  @Test
  void disposeAfterWriteFinishesSilentlyAndConsumesItsLines() {
    TestObserver<AtResponse> a = run(read("AT+ECMTOPEN?", "\\+ECMTOPEN:.*"));
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    a.dispose();
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+ECMTOPEN?\r\n");

    module("\r\n+ECMTOPEN:0,\"h\",1883\r\n\r\nOK\r\n");
    a.assertEmpty();
    assertThat(listener.urcs).isEmpty();
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+ECMTOPEN?\r\n", "AT+B\r\n");
    module("\r\nOK\r\n");
    b.assertComplete();
  }

  @Test
  void timeoutFailsWithRecentLinesThenResyncsBeforeNextCommand() {
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+ECMTCONN=0,\"id\",\"u\",\"p\"", T));
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    module("\r\nL1\r\nL2\r\nL3\r\nL4\r\nL5\r\n");

    scheduler.advanceTimeBy(4999, TimeUnit.MILLISECONDS);
    a.assertNotComplete().assertNoErrors();
    scheduler.advanceTimeBy(1, TimeUnit.MILLISECONDS);

    a.assertError(e -> e instanceof CommandTimeoutException t
        && t.timeout().equals(T) && t.recentLines().equals(List.of("L2", "L3", "L4", "L5")));
    assertThat(transport.writes).last().isEqualTo("AT\r\n");
    assertThat(transport.all()).doesNotContain("AT+B");

    module("\r\nOK\r\n");
    scheduler.triggerActions();
    assertThat(transport.writes).last().isEqualTo("AT+B\r\n");
    module("\r\nOK\r\n");
    b.assertComplete();
    assertThat(listener.unresponsive).isZero();
  }

  @Test
  void resyncRetriesThenReportsUnresponsiveAndCarriesOn() {
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+A", T));
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    scheduler.advanceTimeBy(5, TimeUnit.SECONDS);
    a.assertError(CommandTimeoutException.class);
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT\r\n");

    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT\r\n", "AT\r\n");
    assertThat(listener.unresponsive).isZero();
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);

    assertThat(listener.unresponsive).isEqualTo(1);
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT\r\n", "AT\r\n", "AT\r\n", "AT+B\r\n");
    module("\r\nOK\r\n");
    b.assertComplete();
  }

  @Test
  void promptHandshakeWritesPayloadOnlyAfterPrompt() {
    byte[] payload = "line1\r\nline2".getBytes(StandardCharsets.UTF_8);
    AtRequest pub = new AtRequest("AT+ECMTPUB=0,1,1,0,\"t\"", "AT+ECMTPUB=0,1,1,0,\"t\"", null, payload, T);
    TestObserver<AtResponse> o = run(pub);
    assertThat(transport.writes).containsExactly("AT+ECMTPUB=0,1,1,0,\"t\"\r\n");

    module("\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(transport.writes).hasSize(1);

    module("\r\n> ");
    assertThat(transport.writes).containsExactly("AT+ECMTPUB=0,1,1,0,\"t\"\r\n", "line1\r\nline2\u001A");

    module("\r\nOK\r\n\r\n+ECMTPUB: 0,1,0\r\n");
    o.assertValue(new AtResponse(List.of()));
    assertThat(listener.urcs).containsExactly("+ECMTSTAT: 0,1", "+ECMTPUB: 0,1,0");
  }

  @Test
  void promptNeverComesWritesEscAndTimesOut() {
    AtRequest pub = new AtRequest("AT+ECMTPUB=0,1,1,0,\"t\"", "pub", null, new byte[] {'x'}, T);
    TestObserver<AtResponse> o = run(pub);
    scheduler.advanceTimeBy(5, TimeUnit.SECONDS);
    o.assertError(CommandTimeoutException.class);
    assertThat(transport.writes).containsExactly("AT+ECMTPUB=0,1,1,0,\"t\"\r\n", "\u001B");
    scheduler.advanceTimeBy(5, TimeUnit.SECONDS); // nothing answers the ESC either: resync
    assertThat(transport.writes).startsWith("AT+ECMTPUB=0,1,1,0,\"t\"\r\n", "\u001B", "AT\r\n");
  }

  @Test
  void theModulesAnswerToEscIsNotTakenForTheNextCommands() {
    AtRequest pub = new AtRequest("AT+ECMTPUB=0,1,1,0,\"t\"", "pub", null, new byte[] {'x'}, T);
    TestObserver<AtResponse> o = run(pub);
    TestObserver<AtResponse> next = run(AtRequest.simple("AT+ECMTSUB=0,2,\"s\",1", T));
    scheduler.advanceTimeBy(5, TimeUnit.SECONDS);
    o.assertError(CommandTimeoutException.class);
    assertThat(transport.writes).containsExactly("AT+ECMTPUB=0,1,1,0,\"t\"\r\n", "\u001B");
    module("\r\nOK\r\n"); // the module cancels the data entry
    scheduler.triggerActions();
    next.assertNotComplete();
    assertThat(transport.writes).last().isEqualTo("AT+ECMTSUB=0,2,\"s\",1\r\n");
    module("\r\n+CME ERROR: 3\r\n");
    next.assertError(CmeErrorException.class);
  }

  @Test
  void errorInsteadOfPromptFailsWithoutWritingPayload() {
    AtRequest pub = new AtRequest("AT+ECMTPUB=0,1,1,0,\"t\"", "pub", null, new byte[] {'x'}, T);
    TestObserver<AtResponse> o = run(pub);
    module("\r\nERROR\r\n");
    o.assertError(AtErrorException.class);

    TestObserver<AtResponse> o2 = run(pub);
    module("\r\n+CME ERROR: 3\r\n");
    o2.assertError(CmeErrorException.class);
    // The prompt is no longer expected: a late "> " is just a line.
    module("\r\n> \r\n");
    assertThat(transport.writes).containsExactly("AT+ECMTPUB=0,1,1,0,\"t\"\r\n", "AT+ECMTPUB=0,1,1,0,\"t\"\r\n");
    assertThat(listener.urcs).containsExactly("> ");
  }

  @Test
  void guardTimeIsRespected() {
    channel = new AtChannel(transport, scheduler,
        new AtChannelConfig(Duration.ofMillis(100), 64, Duration.ofSeconds(1), 3, 4), listener);
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+A", T));
    assertThat(transport.writes).containsExactly("AT+A\r\n"); // nothing before: no wait
    scheduler.advanceTimeBy(1, TimeUnit.SECONDS);
    module("\r\nOK\r\n");
    a.assertComplete();
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    scheduler.advanceTimeBy(99, TimeUnit.MILLISECONDS);
    assertThat(transport.writes).containsExactly("AT+A\r\n");
    scheduler.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT+B\r\n");
    module("\r\nOK\r\n");
    b.assertComplete();
  }

  @Test
  void shutdownFailsInFlightAndQueuedAndLaterExecutes() {
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+A", T));
    TestObserver<AtResponse> b = channel.execute(AtRequest.simple("AT+B", T)).test();
    ModemClosedException closed = new ModemClosedException("closed");
    channel.shutdown(closed);
    a.assertError(closed);
    b.assertError(closed);
    channel.execute(AtRequest.simple("AT+C", T)).test().assertError(closed);
    scheduler.advanceTimeBy(1, TimeUnit.MINUTES);
    assertThat(transport.writes).containsExactly("AT+A\r\n");
    assertThat(listener.events).containsExactly("start AT+A", "failed AT+A ModemClosedException");
  }

  @Test
  void writeFailureFailsWithTransportExceptionAndQueueContinues() {
    transport.failWrites = true;
    TestObserver<AtResponse> a = run(AtRequest.simple("AT+A", T));
    a.assertError(e -> e instanceof TransportException && e.getCause() instanceof IOException);
    transport.failWrites = false;
    TestObserver<AtResponse> b = run(AtRequest.simple("AT+B", T));
    assertThat(transport.writes).containsExactly("AT+B\r\n");
    module("\r\nOK\r\n");
    b.assertComplete();
    // The failed command's timer does not fire later.
    scheduler.advanceTimeBy(1, TimeUnit.MINUTES);
    assertThat(transport.writes).containsExactly("AT+B\r\n");
  }

  @Test
  void whenIdleStrayFinalResultsAreDroppedAndOtherLinesForwarded() {
    module("\r\nRDY\r\n\r\nOK\r\n\r\nERROR\r\n\r\n+CME ERROR: 3\r\n\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(listener.urcs).containsExactly("RDY", "+CME ERROR: 3", "+ECMTSTAT: 0,1");
  }

  @Test
  void overlongLineIsReported() {
    module("\r\n" + "x".repeat(100) + "\r\n+ECMTSTAT: 0,1\r\n");
    assertThat(listener.events).containsExactly("overflow 100");
    assertThat(listener.urcs).containsExactly("+ECMTSTAT: 0,1");
  }

  @Test
  void subscriberChainingFromCallbackIsWrittenOnTheNextTask() {
    List<TestObserver<AtResponse>> chained = new ArrayList<>();
    channel.execute(AtRequest.simple("AT+A", T))
        .subscribe(r -> chained.add(channel.execute(AtRequest.simple("AT+B", T)).test()));
    scheduler.triggerActions();
    module("\r\nOK\r\n");
    assertThat(chained).hasSize(1);
    assertThat(transport.writes).containsExactly("AT+A\r\n");
    scheduler.triggerActions();
    assertThat(transport.writes).containsExactly("AT+A\r\n", "AT+B\r\n");
  }

  @Test
  void synchronousPeerAnsweringInsideWriteIsHandledInOrder() throws IOException {
    // InMemoryPipe delivers on the writer's thread: the answers arrive inside transport.write(),
    // including inside the prompt callback of the framer.
    InMemoryPipe pipe = InMemoryPipe.create();
    channel = new AtChannel(pipe.hostEnd(), scheduler, AtChannelConfig.DEFAULT, listener);
    pipe.hostEnd().open(new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {
        channel.onBytes(bytes);
      }

      @Override
      public void onClosed() {}

      @Override
      public void onError(Throwable error) {}
    });
    Transport moduleEnd = pipe.moduleEnd();
    moduleEnd.open(new TransportListener() {
      @Override
      public void onBytes(byte[] bytes) {
        String in = new String(bytes, StandardCharsets.ISO_8859_1);
        try {
          if (in.startsWith("AT+ECMTPUB")) {
            moduleEnd.write("\r\n> ".getBytes(StandardCharsets.US_ASCII));
          } else if (in.endsWith("\u001A")) {
            moduleEnd.write("\r\nOK\r\n\r\n+ECMTPUB: 0,1,0\r\n".getBytes(StandardCharsets.US_ASCII));
          } else {
            moduleEnd.write("\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII));
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void onClosed() {}

      @Override
      public void onError(Throwable error) {}
    });
    TestObserver<AtResponse> pub = channel.execute(
        new AtRequest("AT+ECMTPUB=0,1,1,0,\"t\"", "pub", null, new byte[] {'h', 'i'}, T)).test();
    TestObserver<AtResponse> after = channel.execute(AtRequest.simple("AT+ECMTCONN?", T)).test();
    scheduler.triggerActions();
    pub.assertComplete();
    after.assertComplete();
    assertThat(listener.urcs).containsExactly("+ECMTPUB: 0,1,0");
    assertThat(listener.events).containsExactly("start pub", "end pub", "start AT+ECMTCONN?", "end AT+ECMTCONN?");
  }
}
