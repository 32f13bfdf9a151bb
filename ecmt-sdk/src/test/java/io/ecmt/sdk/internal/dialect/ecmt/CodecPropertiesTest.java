package io.ecmt.sdk.internal.dialect.ecmt;

import io.ecmt.sdk.ArgumentChecks;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.exceptions.InvalidArgumentException;
import io.ecmt.sdk.internal.dialect.ecmt.EcmtCommand.*;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.Will;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** jqwik properties: totality of the decoder, encode/decode round trips, injection refusal. */
class CodecPropertiesTest {
  static final ModuleProfile P = ModuleProfile.GENERIC;

  // --- generators -------------------------------------------------------------------------------

  /** Text an AT quoted string can carry: no quote, no control chars; ≤ maxBytes UTF-8 bytes. */
  static Arbitrary<String> atText(int maxBytes) {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withCharRange('\u00A0', '\u07FF')
        .withCharRange('\u4E00', '\u4FFF')
        .excludeChars('"')
        .ofMaxLength(maxBytes / 3);
  }

  static Arbitrary<String> topicNames() {
    return atText(255).map(s -> s.replace('+', 'p').replace('#', 'h')).filter(s -> !s.isEmpty());
  }

  static Arbitrary<String> topicFilters() {
    Arbitrary<String> plain = topicNames().map(s -> s.replace('/', '_')).map(s -> s.length() > 15 ? s.substring(0, 15) : s);
    Arbitrary<String> level = Arbitraries.oneOf(plain, Arbitraries.just("+"), Arbitraries.just(""));
    return Combinators.combine(level.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
        .as((levels, hash) -> {
          String f = String.join("/", levels);
          return hash ? (f.isEmpty() ? "#" : f + "/#") : f;
        })
        .filter(f -> !f.isEmpty());
  }

  static Arbitrary<String> hosts() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('.', '-')
        .ofMinLength(1).ofMaxLength(100);
  }

  @Provide
  Arbitrary<String> anyStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().withCharRange('\u0000', '\u00FF').ofMaxLength(300));
  }

  /** ECMT prefixes followed by field-like junk: exercises the parsers, not just the prefix test. */
  @Provide
  Arbitrary<String> ecmtLikeLines() {
    Arbitrary<String> prefix = Arbitraries.of("+ECMTOPEN", "+ECMTCLOSE", "+ECMTCONN", "+ECMTDISC",
        "+ECMTSUB", "+ECMTUNS", "+ECMTPUB", "+ECMTRECV", "+ECMTSTAT", "+ECMTCFG", "+ECMT", "+ECMTX", "RDY", "");
    Arbitrary<String> sep = Arbitraries.of(":", ": ", ":  ", "", " :");
    Arbitrary<String> body = Arbitraries.strings().withChars("0123456789,,,\"\"()- +-xa\r\n\u0000\u00FF")
        .ofMaxLength(60);
    return Combinators.combine(prefix, sep, body).as((p, s, b) -> p + s + b);
  }

  @Provide
  Arbitrary<byte[]> lineBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
  }

  // --- totality ---------------------------------------------------------------------------------

  @Property(tries = 2000)
  void decoderNeverThrowsOnAnyString(@ForAll("anyStrings") String line) {
    assertThat(EcmtDecoder.decode(line)).isNotNull();
  }

  @Property(tries = 3000)
  void decoderNeverThrowsOnEcmtLikeLines(@ForAll("ecmtLikeLines") String line) {
    Urc urc = EcmtDecoder.decode(line);
    assertThat(urc).isNotNull();
    if (line.replaceFirst("^ +", "").startsWith("+ECMT")) {
      // ECMT lines are typed or Malformed, never Other
      assertThat(urc).isNotInstanceOf(Urc.Other.class);
    }
  }

  @Property(tries = 2000)
  void decoderNeverThrowsOnRawBytes(@ForAll("lineBytes") byte[] bytes) {
    String line = new String(bytes, ISO_8859_1);
    assertThat(EcmtDecoder.decode(line)).isNotNull();
    assertThat(EcmtDecoder.decode("+ECMTRECV: " + line)).isNotNull();
    assertThat(EcmtDecoder.decode("+ECMTCFG:" + line)).isNotNull();
  }

  @Property(tries = 1000)
  void assemblerNeverThrowsAndAlwaysDrains(@ForAll("assemblerLines") List<String> lines) {
    List<Urc> out = new ArrayList<>();
    UrcAssembler a = new UrcAssembler(out::add);
    assertThatCode(() -> {
      lines.forEach(a::onLine);
      a.flush();
    }).doesNotThrowAnyException();
    assertThat(a.hasPending()).isFalse();
    assertThat(out).doesNotContainNull().hasSizeLessThanOrEqualTo(lines.size());
  }

  @Provide
  Arbitrary<List<String>> assemblerLines() {
    return Arbitraries.oneOf(ecmtLikeLines(), anyStrings(),
            Arbitraries.of("+ECMTRECV: 0,1,\"t\",{", "OK", "", "  }", "> ", "AT+ECMTPUB=0"))
        .list().ofMaxSize(20);
  }

  // --- URC round trip: what the fake module prints decodes back -------------------------------

  @Property(tries = 1000)
  void outcomeUrcsRoundTrip(@ForAll @IntRange(min = 0, max = 4) int id,
                            @ForAll @IntRange(min = 0, max = 65535) int msgId,
                            @ForAll @IntRange(min = -1, max = 255) int result,
                            @ForAll @IntRange(min = 0, max = 255) int value,
                            @ForAll boolean space) {
    String s = space ? " " : "";
    assertThat(EcmtDecoder.decode("+ECMTOPEN:" + s + id + "," + result)).isEqualTo(new Urc.OpenResult(id, result));
    assertThat(EcmtDecoder.decode("+ECMTCLOSE:" + s + id + "," + result)).isEqualTo(new Urc.CloseResult(id, result));
    assertThat(EcmtDecoder.decode("+ECMTDISC:" + s + id + "," + result)).isEqualTo(new Urc.DiscResult(id, result));
    assertThat(EcmtDecoder.decode("+ECMTSTAT:" + s + id + "," + value)).isEqualTo(new Urc.Stat(id, value));
    assertThat(EcmtDecoder.decode("+ECMTCONN:" + s + id + "," + result + "," + value))
        .isEqualTo(new Urc.ConnResult(id, result, value));
    // Two fields: the read answer (no space; any spacing when it answers the read), or with a space
    // the outcome printed without a return code.
    assertThat(EcmtDecoder.decodeRead("+ECMTCONN:" + s + id + "," + value)).isEqualTo(new Urc.ConnRead(id, value));
    assertThat(EcmtDecoder.decode("+ECMTCONN:" + s + id + "," + value)).isEqualTo(space
        ? new Urc.ConnResult(id, value, value == 0 ? 0 : -1) : new Urc.ConnRead(id, value));
    assertThat(EcmtDecoder.decode("+ECMTSUB:" + s + id + "," + msgId + "," + result + "," + value))
        .isEqualTo(new Urc.SubResult(id, msgId, result, value));
    assertThat(EcmtDecoder.decode("+ECMTUNS:" + s + id + "," + msgId + "," + result))
        .isEqualTo(new Urc.UnsResult(id, msgId, result));
    assertThat(EcmtDecoder.decode("+ECMTPUB:" + s + id + "," + msgId + "," + result))
        .isEqualTo(new Urc.PubResult(id, msgId, result));
  }

  @Property(tries = 1000)
  void commandAndItsUrcAgreeOnNumbers(@ForAll @IntRange(min = 0, max = 4) int id,
                                      @ForAll @IntRange(min = 1, max = 65535) int msgId,
                                      @ForAll @IntRange(min = 0, max = 2) int qos,
                                      @ForAll("filters") String filter) {
    // The fake module answers with the numbers it read from the command line.
    AtLineParser sub = AtLineParser.parse(new Subscribe(id, msgId, filter, qos).encode());
    Urc urc = EcmtDecoder.decode("+ECMTSUB: " + sub.intParam(0) + "," + sub.intParam(1) + ",0," + sub.intParam(3));
    assertThat(urc).isEqualTo(new Urc.SubResult(id, msgId, 0, qos));
    AtLineParser pub = AtLineParser.parse(new PublishPrompt(id, msgId, qos, false, "t").encode());
    assertThat(EcmtDecoder.decode("+ECMTPUB: " + pub.intParam(0) + "," + pub.intParam(1) + ",0"))
        .isEqualTo(new Urc.PubResult(id, msgId, 0));
  }

  @Property(tries = 1000)
  void recvRoundTrip(@ForAll("topics") String topic, @ForAll("recvPayloads") byte[] payload,
                     @ForAll @IntRange(min = 0, max = 65535) int msgId) {
    String line = new String(("+ECMTRECV: 0," + msgId + ",\"" + topic + "\",").getBytes(UTF_8), ISO_8859_1)
        + new String(payload, ISO_8859_1);
    Urc.Recv r = (Urc.Recv) EcmtDecoder.decode(line);
    // The first reading is the true one; a payload holding '",' adds later readings, never earlier ones.
    assertThat(new Urc.Recv(r.clientId(), r.msgId(), r.topic(), r.payload(), r.reassembled(), r.nested()))
        .isEqualTo(new Urc.Recv(0, msgId, topic, payload, false));
    assertThat(r.alternatives()).allSatisfy(a -> assertThat(a.topic()).startsWith(topic + "\","));
    if (!new String(payload, ISO_8859_1).contains("\",")) {
      assertThat(r.alternatives()).isEmpty();
    }
  }

  @Property(tries = 1000)
  void multiLineRecvRoundTrip(@ForAll("topics") String topic,
                              @ForAll("continuationLines") List<String> lines) {
    // A payload is rebuilt exactly (LF line ends), whatever its lines look like.
    String payload = String.join("\n", lines);
    List<Urc> out = new ArrayList<>();
    UrcAssembler a = new UrcAssembler(out::add);
    Consumer<String> wire = s -> a.onContinuation(new String(s.getBytes(UTF_8), ISO_8859_1));
    a.onLine(new String(("+ECMTRECV: 0,0,\"" + topic + "\"," + lines.get(0)).getBytes(UTF_8), ISO_8859_1));
    lines.subList(1, lines.size()).forEach(wire);
    a.onLine("OK");
    assertThat(out).hasSize(2);
    Urc.Recv r = (Urc.Recv) out.get(0);
    assertThat(r.topic()).isEqualTo(topic);
    assertThat(new String(r.payload(), UTF_8)).isEqualTo(payload);
    assertThat(r.reassembled()).isEqualTo(lines.size() > 1);
  }

  @Provide
  Arbitrary<String> topics() {
    return topicNames();
  }

  @Provide
  Arbitrary<String> filters() {
    return topicFilters();
  }

  @Provide
  Arbitrary<byte[]> recvPayloads() {
    // one line: any byte but CR and LF
    return Arbitraries.bytes().filter(b -> b != '\r' && b != '\n').array(byte[].class).ofMaxSize(300);
  }

  @Provide
  Arbitrary<List<String>> continuationLines() {
    Arbitrary<String> line = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u4E00', '\u4E20')
        .ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> moduleLike = Arbitraries.of("OK", "ERROR", "+ECMTPUB: 0,1,0", "RDY", "AT+ECMTCLOSE=0",
        "+ECMTRECV: 0,0,\"x\",y", "+CME ERROR: 3");
    return Arbitraries.oneOf(line, moduleLike).list().ofMinSize(1).ofMaxSize(6);
  }

  // --- encode → parse back ----------------------------------------------------------------------

  @Provide
  Arbitrary<EcmtCommand> commands() {
    Arbitrary<Integer> id = Arbitraries.integers().between(0, 4);
    Arbitrary<Integer> msg = Arbitraries.integers().between(0, 65535);
    Arbitrary<Integer> qos = Arbitraries.integers().between(0, 2);
    Arbitrary<Boolean> bool = Arbitraries.of(true, false);
    Arbitrary<String> text48 = atText(48);
    Arbitrary<String> nullableText = Arbitraries.oneOf(text48, Arbitraries.just(null));
    return Arbitraries.oneOf(List.of(
        Combinators.combine(id, Arbitraries.integers().between(0, 3600)).as(CfgKeepAlive::new),
        Combinators.combine(id, bool).as(CfgSession::new),
        Combinators.combine(id, Arbitraries.integers().between(1, 60), Arbitraries.integers().between(1, 10), bool)
            .as(CfgTimeout::new),
        Combinators.combine(id, qos, bool, topicNames(), atText(255))
            .as((i, q, r, t, m) -> new CfgWill(i, true, q, r, t, m)),
        id.map(i -> new CfgWill(i, false, 0, false, null, null)),
        Combinators.combine(id, Arbitraries.of(3, 4)).as(CfgVersion::new),
        Combinators.combine(id, bool).as(CfgEchoMode::new),
        Combinators.combine(id, Arbitraries.of(0, 1), Arbitraries.of(0, 1)).as(CfgDataFormat::new),
        Combinators.combine(id, text48, text48, text48).as(CfgAliAuth::new),
        Combinators.combine(id, Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255))
            .as(CfgCloud::new),
        Combinators.combine(text48, text48).as(CfgSslPsk::new),
        Combinators.combine(Arbitraries.strings().alpha().numeric().withChars('+', '/', '=').ofMinLength(1).ofMaxLength(200),
            Arbitraries.oneOf(hosts(), Arbitraries.just(null))).as(CfgSslCa::new),
        Combinators.combine(Arbitraries.of("keepalive", "session", "timeout", "will", "version"), id).as(CfgQuery::new),
        Arbitraries.just(new CfgTest()),
        Combinators.combine(id, hosts(), Arbitraries.integers().between(1, 65535)).as(Open::new),
        Arbitraries.just(new OpenRead()),
        id.map(Close::new),
        Combinators.combine(id, nullableText, nullableText, nullableText).as(Connect::new),
        Arbitraries.just(new ConnectRead()),
        id.map(Disconnect::new),
        Combinators.combine(id, msg, topicFilters(), qos).as(Subscribe::new),
        Combinators.combine(id, msg, topicFilters()).as(Unsubscribe::new),
        Combinators.combine(id, msg, qos, bool, topicNames(), textPayloads()).as(PublishText::new),
        Combinators.combine(id, msg, qos, bool, topicNames()).as(PublishPrompt::new)));
  }

  /** Payloads Checks accepts as TEXT: inner quotes and commas included. */
  static Arbitrary<String> textPayloads() {
    return Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u4E00', '\u4E20').ofMaxLength(200);
  }

  @Property(tries = 3000)
  void everyCommandParsesBackToItsFields(@ForAll("commands") EcmtCommand c) {
    String text = c.encode();
    AtLineParser p = AtLineParser.parse(text);
    if (c instanceof CfgKeepAlive k) {
      assertCfg(p, "keepalive", k.clientId(), String.valueOf(k.seconds()));
    } else if (c instanceof CfgSession s) {
      assertCfg(p, "session", s.clientId(), bit(s.cleanSession()));
    } else if (c instanceof CfgTimeout t) {
      assertCfg(p, "timeout", t.clientId(), String.valueOf(t.packetTimeout()), String.valueOf(t.retryTimes()),
          bit(t.timeoutNotice()));
    } else if (c instanceof CfgWill w) {
      if (w.enabled()) {
        assertCfg(p, "will", w.clientId(), "1", String.valueOf(w.qos()), bit(w.retain()), w.topic(), w.message());
        assertThat(p.quoted(5)).isTrue();
        assertThat(p.quoted(6)).isTrue();
      } else {
        assertCfg(p, "will", w.clientId(), "0");
      }
    } else if (c instanceof CfgVersion v) {
      assertCfg(p, "version", v.clientId(), String.valueOf(v.version()));
    } else if (c instanceof CfgEchoMode e) {
      assertCfg(p, "echomode", e.clientId(), bit(e.echo()));
    } else if (c instanceof CfgDataFormat d) {
      assertCfg(p, "dataformat", d.clientId(), String.valueOf(d.sendFormat()), String.valueOf(d.recvFormat()));
    } else if (c instanceof CfgAliAuth a) {
      assertCfg(p, "aliauth", a.clientId(), a.productKey(), a.deviceName(), a.deviceSecret());
      assertThat(AtLineParser.parse(a.redacted()).param(4)).isEqualTo("***");
    } else if (c instanceof CfgCloud cl) {
      assertCfg(p, "cloud", cl.clientId(), String.valueOf(cl.cloudType()), String.valueOf(cl.dataType()));
    } else if (c instanceof CfgSslPsk s) {
      assertThat(p.name()).isEqualTo("ECMTCFG");
      assertThat(List.of(p.param(0), p.param(1), p.param(2), p.param(3))).containsExactly("ssl", "psk", s.psk(), s.pskId());
      assertThat(p.params()).hasSize(4);
      assertThat(AtLineParser.parse(s.redacted()).param(2)).isEqualTo("***");
    } else if (c instanceof CfgSslCa s) {
      assertThat(p.param(0)).isEqualTo("ssl");
      assertThat(p.param(1)).isEqualTo("ca");
      assertThat(p.param(2)).isEqualTo(s.caBase64());
      assertThat(p.params()).hasSize(s.hostname() == null ? 3 : 4);
      if (s.hostname() != null) {
        assertThat(p.param(3)).isEqualTo(s.hostname());
      }
    } else if (c instanceof CfgQuery q) {
      assertCfg(p, q.option(), q.clientId());
    } else if (c instanceof CfgTest) {
      assertThat(p.name()).isEqualTo("ECMTCFG");
      assertThat(p.suffix()).isEqualTo("=?");
    } else if (c instanceof Open o) {
      assertThat(p.name()).isEqualTo("ECMTOPEN");
      assertThat(p.params()).hasSize(3);
      assertThat(p.intParam(0)).isEqualTo(o.clientId());
      assertThat(p.quoted(1)).isTrue();
      assertThat(p.param(1)).isEqualTo(o.host());
      assertThat(p.intParam(2)).isEqualTo(o.port());
    } else if (c instanceof OpenRead) {
      assertThat(p.name()).isEqualTo("ECMTOPEN");
      assertThat(p.suffix()).isEqualTo("?");
    } else if (c instanceof Close cl) {
      assertThat(p.name()).isEqualTo("ECMTCLOSE");
      assertThat(p.params()).containsExactly(String.valueOf(cl.clientId()));
    } else if (c instanceof Connect cn) {
      assertThat(p.name()).isEqualTo("ECMTCONN");
      assertThat(p.intParam(0)).isEqualTo(cn.clientId());
      String[] fields = {cn.mqttClientId(), cn.username(), cn.password()};
      int last = -1;
      for (int i = 0; i < 3; i++) {
        if (fields[i] != null) {
          last = i;
        }
      }
      assertThat(p.params()).hasSize(last + 2);
      for (int i = 0; i <= last; i++) {
        assertThat(p.quoted(i + 1)).isTrue();
        assertThat(p.param(i + 1)).isEqualTo(fields[i] == null ? "" : fields[i]);
      }
      if (cn.password() != null) {
        assertThat(AtLineParser.parse(cn.redacted()).param(3)).isEqualTo("***");
      }
    } else if (c instanceof ConnectRead) {
      assertThat(p.name()).isEqualTo("ECMTCONN");
      assertThat(p.suffix()).isEqualTo("?");
    } else if (c instanceof Disconnect d) {
      assertThat(p.name()).isEqualTo("ECMTDISC");
      assertThat(p.params()).containsExactly(String.valueOf(d.clientId()));
    } else if (c instanceof Subscribe s) {
      assertThat(p.name()).isEqualTo("ECMTSUB");
      assertThat(p.params()).hasSize(4);
      assertThat(List.of(p.intParam(0), p.intParam(1), p.intParam(3))).containsExactly(s.clientId(), s.msgId(), s.qos());
      assertThat(p.param(2)).isEqualTo(s.topicFilter());
    } else if (c instanceof Unsubscribe u) {
      assertThat(p.name()).isEqualTo("ECMTUNS");
      assertThat(p.params()).hasSize(3);
      assertThat(List.of(p.intParam(0), p.intParam(1))).containsExactly(u.clientId(), u.msgId());
      assertThat(p.param(2)).isEqualTo(u.topicFilter());
    } else if (c instanceof PublishText t) {
      assertPub(p, t.clientId(), t.msgId(), t.qos(), t.retain(), t.topic(), 6);
      assertThat(p.param(5)).isEqualTo(t.payload());
    } else if (c instanceof PublishPrompt t) {
      assertPub(p, t.clientId(), t.msgId(), t.qos(), t.retain(), t.topic(), 5);
    } else {
      throw new AssertionError("no parse-back check for " + c.getClass());
    }
  }

  private static String bit(boolean b) {
    return b ? "1" : "0";
  }

  private static void assertCfg(AtLineParser p, String option, int clientId, String... values) {
    assertThat(p.name()).isEqualTo("ECMTCFG");
    assertThat(p.quoted(0)).isTrue();
    assertThat(p.param(0)).isEqualTo(option);
    assertThat(p.intParam(1)).isEqualTo(clientId);
    List<String> rest = new ArrayList<>();
    for (int i = 2; i < p.params().size(); i++) {
      rest.add(p.param(i));
    }
    assertThat(rest).containsExactly(values);
  }

  private static void assertPub(AtLineParser p, int id, int msgId, int qos, boolean retain, String topic, int size) {
    assertThat(p.name()).isEqualTo("ECMTPUB");
    assertThat(p.params()).hasSize(size);
    assertThat(List.of(p.intParam(0), p.intParam(1), p.intParam(2), p.intParam(3)))
        .containsExactly(id, msgId, qos, retain ? 1 : 0);
    assertThat(p.quoted(4)).isTrue();
    assertThat(p.param(4)).isEqualTo(topic);
  }

  // --- Checks -----------------------------------------------------------------------------------

  @Property(tries = 1000)
  void checksAcceptValidValues(@ForAll("topics") String topic, @ForAll("filters") String filter,
                               @ForAll("hostNames") String host, @ForAll("credentials") String cred,
                               @ForAll @IntRange(min = 1, max = 65535) int port,
                               @ForAll @IntRange(min = 0, max = 3600) int keepAlive,
                               @ForAll("textPayloadBytes") byte[] text) {
    assertThat(ArgumentChecks.topicName(topic, P)).isEqualTo(topic);
    assertThat(ArgumentChecks.topicFilter(filter, P)).isEqualTo(filter);
    assertThat(ArgumentChecks.topicFilter(topic, P)).isEqualTo(topic); // every topic name is a filter
    assertThat(ArgumentChecks.host(host, P)).isEqualTo(host);
    assertThat(ArgumentChecks.mqttClientId(cred, P)).isEqualTo(cred);
    assertThat(ArgumentChecks.username(cred, P)).isEqualTo(cred);
    assertThat(ArgumentChecks.password(cred, P)).isEqualTo(cred);
    assertThat(ArgumentChecks.port(port)).isEqualTo(port);
    assertThat(ArgumentChecks.keepAliveSeconds(java.time.Duration.ofSeconds(keepAlive))).isEqualTo(keepAlive);
    Will w = new Will(topic, cred, Qos.AT_LEAST_ONCE, false);
    assertThat(ArgumentChecks.will(w, P)).isSameAs(w);
    assertThat(ArgumentChecks.payload(text, ModuleProfile.EC616S)).isEqualTo(ArgumentChecks.PayloadForm.TEXT);
  }

  @Provide
  Arbitrary<String> hostNames() {
    return hosts();
  }

  @Provide
  Arbitrary<String> credentials() {
    return atText(48);
  }

  @Provide
  Arbitrary<byte[]> textPayloadBytes() {
    return textPayloads().map(s -> s.getBytes(UTF_8));
  }

  @Property(tries = 1000)
  void binaryPayloadsGoToPromptOrAreRefusedForCtrlZEsc(@ForAll("lineBytes") byte[] payload) {
    boolean hasStop = false;
    for (byte b : payload) {
      hasStop |= b == 0x1A || b == 0x1B;
    }
    Throwable t = catchThrowable(() -> ArgumentChecks.payload(payload, ModuleProfile.EC616S));
    if (hasStop) {
      assertThat(t).isInstanceOf(InvalidArgumentException.class);
    } else {
      assertThat(t).isNull();
    }
  }

  /** Every string field that goes inside AT quotes. */
  enum Field {
    TOPIC("topic", s -> ArgumentChecks.topicName(s, P)),
    FILTER("topicFilter", s -> ArgumentChecks.topicFilter(s, P)),
    MQTT_CLIENT_ID("mqttClientId", s -> ArgumentChecks.mqttClientId(s, P)),
    USERNAME("username", s -> ArgumentChecks.username(s, P)),
    PASSWORD("password", s -> ArgumentChecks.password(s, P)),
    HOST("host", s -> ArgumentChecks.host(s, P)),
    WILL_TOPIC("willTopic", s -> ArgumentChecks.will(new Will(s, "m", Qos.AT_MOST_ONCE, false), P)),
    WILL_MESSAGE("willMessage", s -> ArgumentChecks.will(new Will("t", s, Qos.AT_MOST_ONCE, false), P));

    final String name;
    final Consumer<String> check;

    Field(String name, Consumer<String> check) {
      this.name = name;
      this.check = check;
    }
  }

  @Provide
  Arbitrary<String> injections() {
    Arbitrary<String> fixed = Arbitraries.of("x\"\r\nAT+CFUN=0", "x\"\r\nAT+CFUN=0\r\n", "\"", "\r", "\n",
        "x\r\nAT+CFUN=0", "a\"", "\"a", "t\n", "secret\"\rAT+ECMTDISC=0");
    Arbitrary<String> generated = Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10),
            Arbitraries.of("\"", "\r", "\n", "\r\n", "\"\r\n"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20))
        .as((a, bad, b) -> a + bad + b);
    return Arbitraries.oneOf(fixed, generated);
  }

  @Property(tries = 2000)
  void injectionIsRefusedInEveryStringField(@ForAll Field field, @ForAll("injections") String value) {
    Throwable t = catchThrowable(() -> field.check.accept(value));
    assertThat(t).isInstanceOf(InvalidArgumentException.class);
    InvalidArgumentException e = (InvalidArgumentException) t;
    assertThat(e.field()).isEqualTo(field.name);
    assertThat(e.reason()).containsAnyOf("double quote", "control character");
    if (field == Field.PASSWORD && value.length() > 2) {
      assertThat(e.getMessage()).doesNotContain(value);
    }
  }
}
