package io.ecmt.sdk.benchmarks;

import io.ecmt.sdk.internal.at.LineFramer;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Receive-path cost: module output bytes, in chunks as a serial port delivers them, framed into
 * lines and decoded into URC values. Reports URC lines per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecodeBenchmark {
  private static final int LINES = 1000;

  @Param({"8", "64", "4096"})
  public int chunk;

  private byte[] stream;
  private Blackhole sink;
  private LineFramer framer;

  @Setup
  public void setUp(Blackhole blackhole) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < LINES; i++) {
      String line = switch (i % 4) {
        case 0 -> "+ECMTRECV: 0," + i + ",\"home/garden/fountain/2\",{\"temperature\":21.5,\"seq\":" + i + "}";
        case 1 -> "+ECMTPUB: 0," + (i % 65535 + 1) + ",0";
        case 2 -> "+ECMTSUB: 0," + (i % 65535 + 1) + ",0,1";
        default -> "OK";
      };
      out.writeBytes(("\r\n" + line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    stream = out.toByteArray();
    sink = blackhole;
    framer = new LineFramer(4096, LineFramer.FramerSink.ofLines(line -> sink.consume(EcmtDecoder.decode(line))));
  }

  @Benchmark
  @OperationsPerInvocation(LINES)
  public void frameAndDecode() {
    for (int pos = 0; pos < stream.length; pos += chunk) {
      framer.feed(stream, pos, Math.min(chunk, stream.length - pos));
    }
  }
}
