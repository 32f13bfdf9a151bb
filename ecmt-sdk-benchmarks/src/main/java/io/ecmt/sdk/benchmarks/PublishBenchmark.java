package io.ecmt.sdk.benchmarks;

import io.ecmt.sdk.EcmtBlockingClient;
import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.internal.at.LineFramer;
import io.ecmt.sdk.transport.InMemoryPipe;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SDK overhead per publish: validation, msgID allocation, AT encoding, the AT channel and the
 * pending table, against an in-memory module that answers every command at once. No broker, no
 * serial line: this is the ceiling the SDK itself puts on a gateway.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PublishBenchmark {
  private static final int BATCH = 1000;

  @Param({"0", "1"})
  public int qos;

  private EcmtModem modem;
  private EcmtRxClient client;

  @Setup(Level.Trial)
  public void setUp() {
    InMemoryPipe pipe = InMemoryPipe.create();
    new InstantModule(pipe.moduleEnd());
    modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(ModuleProfile.GENERIC).build();
    EcmtBlockingClient blocking = modem.client(0).toBlocking();
    blocking.open("broker", 1883);
    blocking.connect();
    client = modem.client(0).toRx();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    modem.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long publishBatch() {
    Qos q = Qos.of(qos);
    return Flowable.range(0, BATCH)
        .flatMapSingle(i -> client.publish(Publish.builder().topic("bench/t").payload("{\"seq\":" + i + "}").qos(q).build()), false, 32)
        .count()
        .blockingGet();
  }

  /** Answers OK and the outcome URC for every command, on the writer's thread. */
  static final class InstantModule implements TransportListener {
    private final Transport end;
    private final LineFramer lines = new LineFramer(8192, LineFramer.FramerSink.ofLines(this::answer));

    InstantModule(Transport end) {
      this.end = end;
      try {
        end.open(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void onBytes(byte[] bytes) {
      lines.feed(bytes);
    }

    private void answer(String command) {
      StringBuilder out = new StringBuilder("\r\nOK\r\n");
      if (command.startsWith("AT+ECMTOPEN=")) {
        out.append("\r\n+ECMTOPEN: 0,0\r\n");
      } else if (command.startsWith("AT+ECMTCONN=")) {
        out.append("\r\n+ECMTCONN: 0,0,0\r\n");
      } else if (command.startsWith("AT+ECMTPUB=")) {
        out.append("\r\n+ECMTPUB: 0,").append(command.split(",")[1]).append(",0\r\n");
      }
      try {
        end.write(out.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void onClosed() {}

    @Override
    public void onError(Throwable error) {}
  }
}
