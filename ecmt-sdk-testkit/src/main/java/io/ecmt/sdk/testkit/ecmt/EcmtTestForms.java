package io.ecmt.sdk.testkit.ecmt;

import io.ecmt.sdk.testkit.RecordedCommand;
import io.ecmt.sdk.testkit.engine.CommandTable;
import io.ecmt.sdk.testkit.engine.Output;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the test forms ({@code AT+ECMT...=?}) print, in one table: information lines, then
 * {@code OK}. {@code AT+ECMTCFG=?} is byte-exact from the reference (no space after the colon,
 * client range {@code (0)} as EC616S prints it). The others are modelled on Quectel's
 * {@code AT+QMT...=?} answers and the ECMT style (one space after the colon); their exact text on
 * real ECMT builds is <em>uncertain</em>. {@code {ids}} stands for the build's client range:
 * {@code (0)} with one client, {@code (0-4)} with five.
 */
final class EcmtTestForms {
  /** Command name (as registered) → the lines its test form prints before {@code OK}. */
  static final Map<String, List<String>> TEXTS = Map.of(
      "+ECMTCFG", List.of(
          "+ECMTCFG:\"keepalive\",(0),(0-3600),",
          "+ECMTCFG:\"session\",(0),(0,1)",
          "+ECMTCFG:\"timeout\",(0),(1-60),(1-10),(0,1)",
          "+ECMTCFG:\"will\",(0),(0,1),(0-2),(0,1),\"will_topic\",\"will_msg\"",
          "+ECMTCFG:\"version\",(0),(3,4)",
          "+ECMTCFG:\"aliauth\",(0),\"productkey\",\"devicename\",\"devicesecret\"",
          "+ECMTCFG:\"cloud\",(0-255),(0-255)"),
      "+ECMTOPEN", List.of("+ECMTOPEN: {ids},<host_name>,<port>"),
      "+ECMTCLOSE", List.of("+ECMTCLOSE: {ids}"),
      "+ECMTCONN", List.of("+ECMTCONN: {ids},<clientID>,<username>,<password>"),
      "+ECMTDISC", List.of("+ECMTDISC: {ids}"),
      "+ECMTSUB", List.of("+ECMTSUB: {ids},(1-65535),<topic>,(0-2)"),
      "+ECMTUNS", List.of("+ECMTUNS: {ids},(1-65535),<topic>"),
      "+ECMTPUB", List.of("+ECMTPUB: {ids},(0-65535),(0-2),(0,1),<topic>,<payload>"));

  private final Output out;
  private final String ids;

  EcmtTestForms(Output out, int clients) {
    this.out = out;
    this.ids = clients == 1 ? "(0)" : "(0-" + (clients - 1) + ")";
  }

  /** The bytes the test form of {@code name} prints before {@code OK}, one block as the firmware writes it. */
  byte[] answer(String name) {
    List<String> lines = TEXTS.get(name);
    String text = String.join("\r\n", lines).replace("{ids}", ids);
    return ("\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code handler}, with the test form of {@code name} answered from the table. */
  CommandTable.Handler with(String name, CommandTable.Handler handler) {
    if (!TEXTS.containsKey(name)) {
      throw new IllegalArgumentException("no test form text for " + name);
    }
    return c -> {
      if (c.form() == RecordedCommand.Form.TEST) {
        out.write(answer(name));
        out.ok();
      } else {
        handler.handle(c);
      }
    };
  }
}
