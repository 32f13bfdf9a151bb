package io.ecmt.sdk.internal.at;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineFramerTest {

  /** Records events as strings: "L:<line>", "P", "O:<n>". */
  static final class Recorder implements LineFramer.FramerSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void onLine(String line) {
      events.add("L:" + line);
    }

    @Override
    public void onPrompt() {
      events.add("P");
    }

    @Override
    public void onOverflow(int discardedBytes) {
      events.add("O:" + discardedBytes);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> frame(String input) {
    Recorder r = new Recorder();
    new LineFramer(64, r).feed(ascii(input));
    return r.events;
  }

  @Test
  void crLfTerminatedLines() {
    assertThat(frame("\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n")).containsExactly("L:+ECMTCONN:0,3", "L:OK");
  }

  @Test
  void loneCrAndLoneLfEndLines() {
    assertThat(frame("A\rB\nC\r\n")).containsExactly("L:A", "L:B", "L:C");
  }

  @Test
  void emptyLinesAreDropped() {
    assertThat(frame("\r\n\r\n\n\r\r\nOK\r\n\n")).containsExactly("L:OK");
  }

  @Test
  void crLfSplitAcrossChunksIsOneLineEnd() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.feed(ascii("OK\r"));
    f.feed(ascii("\nERROR\r"));
    f.feed(ascii("\n"));
    assertThat(r.events).containsExactly("L:OK", "L:ERROR");
  }

  @Test
  void lineWithoutEndIsHeldUntilItEnds() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.feed(ascii("+ECMTOPEN: 0"));
    assertThat(r.events).isEmpty();
    f.feed(ascii(",0\r\n"));
    assertThat(r.events).containsExactly("L:+ECMTOPEN: 0,0");
  }

  @Test
  void promptWithoutLineEndIsRecognisedWhenExpected() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.setPromptExpected(true);
    f.feed(ascii("\r\n> "));
    assertThat(r.events).containsExactly("P");
    assertThat(f.isPromptExpected()).isFalse();
    f.feed(ascii("\r\nOK\r\n"));
    assertThat(r.events).containsExactly("P", "L:OK");
  }

  @Test
  void promptAtVeryStartOfStream() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.setPromptExpected(true);
    f.feed(ascii(">"));
    f.feed(ascii(" "));
    assertThat(r.events).containsExactly("P");
  }

  @Test
  void promptIsALineWhenNotExpected() {
    assertThat(frame("\r\n> hello\r\n")).containsExactly("L:> hello");
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.feed(ascii("\r\n> "));
    assertThat(r.events).isEmpty();
  }

  @Test
  void promptOnlyAtStartOfLine() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.setPromptExpected(true);
    f.feed(ascii("x> y\r\n"));
    assertThat(r.events).containsExactly("L:x> y");
    assertThat(f.isPromptExpected()).isTrue();
  }

  @Test
  void promptIsRecognisedOnlyOnce() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(64, r);
    f.setPromptExpected(true);
    f.feed(ascii("\r\n> \r\n> \r\n"));
    assertThat(r.events).containsExactly("P", "L:> "); // lines are not trimmed
  }

  @Test
  void echoLinesAreDeliveredAsLines() {
    assertThat(frame("AT+ECMTCONN?\r\r\n+ECMTCONN:0,3\r\n\r\nOK\r\n"))
        .containsExactly("L:AT+ECMTCONN?", "L:+ECMTCONN:0,3", "L:OK");
  }

  @Test
  void overflowDiscardsToLineEndAndRecovers() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(8, r);
    f.feed(ascii("12345678\r\n"));   // exactly the limit: kept
    f.feed(ascii("123456789abc"));   // 12 bytes: too long
    f.feed(ascii("def\r\nOK\r\n"));  // 15 discarded, then recovery
    assertThat(r.events).containsExactly("L:12345678", "O:15", "L:OK");
  }

  @Test
  void overflowWhilePromptExpectedStillRecognisesPromptOnNextLine() {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(4, r);
    f.setPromptExpected(true);
    f.feed(ascii("abcdefg\r\n> "));
    assertThat(r.events).containsExactly("O:7", "P");
  }

  @Test
  void bytesAreDecodedIso88591Losslessly() {
    byte[] in = {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD, 0x00, (byte) 0xFF, '\n'};
    Recorder r = new Recorder();
    new LineFramer(64, r).feed(in);
    assertThat(r.events).hasSize(1);
    assertThat(r.events.get(0).substring(2).getBytes(StandardCharsets.ISO_8859_1))
        .containsExactly(0xE4, 0xB8, 0xAD, 0x00, 0xFF);
  }

  // ---- properties ----

  @Provide
  Arbitrary<byte[]> moduleLikeBytes() {
    // Biased toward the interesting bytes: line ends, '>' and ' '.
    Arbitrary<Byte> b = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.of((byte) '\r', (byte) '\n')),
        net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) '>', (byte) ' ')),
        net.jqwik.api.Tuple.of(6, Arbitraries.of((byte) 'O', (byte) 'K', (byte) '+', (byte) ',')),
        net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
    return b.array(byte[].class).ofMaxSize(200);
  }

  private static List<String> run(byte[] data, boolean promptExpected, int maxLen, int[] cuts) {
    Recorder r = new Recorder();
    LineFramer f = new LineFramer(maxLen, r);
    f.setPromptExpected(promptExpected);
    int pos = 0;
    int i = 0;
    while (pos < data.length) {
      int n = Math.min(cuts[i++ % cuts.length], data.length - pos);
      f.feed(data, pos, n);
      pos += n;
    }
    return r.events;
  }

  @Property(tries = 1500)
  void anyFragmentationGivesTheSameEvents(
      @ForAll("moduleLikeBytes") byte[] data,
      @ForAll boolean promptExpected,
      @ForAll @IntRange(min = 2, max = 16) int maxLen,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 8) Integer> chunkSizes) {
    int[] cuts = chunkSizes.stream().mapToInt(Integer::intValue).toArray();
    List<String> whole = run(data, promptExpected, maxLen, new int[] {Math.max(1, data.length)});
    assertThat(run(data, promptExpected, maxLen, cuts)).isEqualTo(whole);
    assertThat(run(data, promptExpected, maxLen, new int[] {1})).isEqualTo(whole);
  }

  @Property(tries = 1000)
  void randomBytesNeverThrowAndLinesStayBounded(
      @ForAll @Size(max = 300) byte[] data,
      @ForAll @IntRange(min = 2, max = 32) int maxLen,
      @ForAll boolean promptExpected) {
    List<String> events = run(data, promptExpected, maxLen, new int[] {7, 1, 3});
    assertThat(events).allSatisfy(e -> {
      if (e.startsWith("L:")) {
        assertThat(e.length() - 2).isBetween(1, maxLen);
        assertThat(e).doesNotContain("\r", "\n");
      }
    });
  }
}
