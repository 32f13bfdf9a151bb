package io.ecmt.sdk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecmt.sdk.exceptions.TransportException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The AT trace masks the password wherever it turns up, not only where the SDK redacts it. */
class AtTrafficPrinterTest {
  private final StringWriter text = new StringWriter();
  private final AtTrafficPrinter printer = new AtTrafficPrinter(new PrintWriter(text), true, Redactor.of("pa55word"));

  @Test
  void masksThePasswordInEveryKindOfLine() {
    printer.commandStart("AT+ECMTCONN=0,\"id\",\"user\",\"pa55word\""); // as if the SDK had not redacted it
    printer.urcReceived("AT+ECMTCONN=0,\"id\",\"user\",\"pa55word\""); // an echo taken for a URC
    printer.malformedLine("+ECMTRECV: 0,1,\"t\",pa55word", "garbled");
    printer.commandFailed("AT+X", new TransportException("bridge said pa55word", null));

    assertThat(text.toString()).doesNotContain("pa55word").contains("\"***\"", "\"t\",***", "bridge said ***")
        .hasLineCount(4);
  }

  @Test
  void withoutAPasswordNothingIsMasked() {
    AtTrafficPrinter plain = new AtTrafficPrinter(new PrintWriter(text), false, Redactor.of(null));

    plain.urcReceived("+ECMTRECV: 0,1,\"t\",***pa55word");

    assertThat(text.toString()).endsWith("<< +ECMTRECV: 0,1,\"t\",***pa55word" + System.lineSeparator());
  }
}
