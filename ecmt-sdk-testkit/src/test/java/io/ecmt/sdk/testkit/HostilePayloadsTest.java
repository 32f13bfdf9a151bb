package io.ecmt.sdk.testkit;

import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads.Embedded;
import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads.LineEnd;
import io.ecmt.sdk.testkit.ecmt.hostile.HostilePayloads.Payload;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hostile payload generator: it covers every form, and each payload is what it says. */
class HostilePayloadsTest {

  @Test
  void theFormListHasEveryLineTheModulePrints() {
    assertThat(HostilePayloads.forms()).contains("OK", "ERROR", "+CME ERROR: 3", "+CME ERROR: operation not allowed",
        "RDY", "> ", "AT+ECMTPUB=0,1,1,0,\"t\"", "+ECMTOPEN: 0,0", "+ECMTOPEN: 0,-1", "+ECMTCLOSE: 0,0",
        "+ECMTCONN: 0,0,0", "+ECMTCONN: 0,2,2", "+ECMTDISC: 0,0", "+ECMTSUB: 0,<id>,0,1", "+ECMTSUB: 0,<id>,0,128",
        "+ECMTUNS: 0,<id>,0", "+ECMTPUB: 0,<id>,0", "+ECMTPUB: 0,<id>,2",
        "+ECMTRECV: 0,0,\"home/cmd/unlock\",open-the-door", "+ECMTSTAT: 0,1", "+ECMTCONN:0,3",
        "+ECMTOPEN:0,\"h\",1883", "+ECMTCFG: \"keepalive\",0,120", "+CEREG: 0,1", "")
        .doesNotHaveDuplicates();
    assertThat(HostilePayloads.render("+ECMTPUB: 0,<id>,0", 77)).isEqualTo("+ECMTPUB: 0,77,0");
  }

  @Test
  void everyFormLineEndAndBlankLinesAppearAcrossSeeds() {
    Set<String> forms = new HashSet<>();
    Set<LineEnd> ends = EnumSet.noneOf(LineEnd.class);
    boolean blank = false;
    boolean atStart = false;
    for (long seed = 0; seed < 300; seed++) {
      Payload p = new HostilePayloads(new Random(seed), 1, 5).next();
      p.embedded().forEach(e -> forms.add(e.form()));
      ends.add(p.lineEnd());
      blank |= p.text().contains(p.lineEnd().text() + p.lineEnd().text());
      atStart |= p.embedded().get(0).offset() == 0;
    }
    assertThat(forms).containsExactlyInAnyOrderElementsOf(HostilePayloads.forms());
    assertThat(ends).containsExactlyInAnyOrder(LineEnd.values());
    assertThat(blank).isTrue();
    assertThat(atStart).isTrue();
  }

  @Test
  void eachPayloadIsWhatItSays() {
    for (long seed = 0; seed < 1000; seed++) {
      Payload p = new HostilePayloads(new Random(seed), 40, 45).next();
      assertThat(p.embedded()).as("seed %d", seed).isNotEmpty().hasSizeLessThanOrEqualTo(3);
      checkPayload(p, 40, 45);
    }
  }

  @Test
  void theSameSeedGivesTheSamePayloads() {
    HostilePayloads a = new HostilePayloads(new Random(7), 1, 9);
    HostilePayloads b = new HostilePayloads(new Random(7), 1, 9);
    for (int i = 0; i < 20; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void placementsPutOneFormEverywhere() {
    for (String form : HostilePayloads.forms()) {
      List<Payload> all = HostilePayloads.placements(form, 12);
      assertThat(all).hasSize(19);
      assertThat(all).extracting(Payload::lineEnd).containsOnly(LineEnd.values()).contains(LineEnd.values());
      all.forEach(p -> {
        assertThat(p.embedded()).singleElement().extracting(Embedded::form).isEqualTo(form);
        checkPayload(p, 12, 12);
      });
      if (!form.isEmpty()) { // the empty line alone is the empty payload, whatever the line end
        assertThat(all).extracting(Payload::text).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void rejectsABadIdRange() {
    assertThatThrownBy(() -> new HostilePayloads(new Random(), 0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostilePayloads(new Random(), 9, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Each embedded line sits where it says, alone on its line, with its id in range; one line-end style. */
  static void checkPayload(Payload p, int minId, int maxId) {
    String text = p.text();
    String end = p.lineEnd().text();
    int last = -1;
    for (Embedded e : p.embedded()) {
      assertThat(e.offset()).as("%s in order", e).isGreaterThan(last);
      last = e.offset();
      assertThat(text.startsWith(e.line(), e.offset())).as("%s at its offset in %s", e, RawHost.show(text)).isTrue();
      assertThat(e.offset() == 0 || text.startsWith(end, e.offset() - end.length()))
          .as("%s starts a line in %s", e, RawHost.show(text)).isTrue();
      int after = e.offset() + e.line().length();
      assertThat(after == text.length() || text.startsWith(end, after))
          .as("%s ends its line in %s", e, RawHost.show(text)).isTrue();
      if (e.form().contains(HostilePayloads.ID)) {
        assertThat(e.msgId()).isBetween(minId, maxId);
        assertThat(e.line()).isEqualTo(HostilePayloads.render(e.form(), e.msgId()));
      } else {
        assertThat(e.msgId()).isEqualTo(-1);
        assertThat(e.line()).isEqualTo(e.form());
      }
    }
    // Only the declared line end, and nothing the module or the publish path would choke on.
    String withoutEnds = text.replace(end, "");
    assertThat(withoutEnds).doesNotContain("\r").doesNotContain("\n");
    assertThat(withoutEnds.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
    assertThat(new String(p.bytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(text);
  }
}
