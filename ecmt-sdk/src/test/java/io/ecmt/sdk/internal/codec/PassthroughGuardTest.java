package io.ecmt.sdk.internal.codec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecmt.sdk.exceptions.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassthroughGuardTest {
  private static final PassthroughGuard GUARD = new PassthroughGuard("AT+ECMT");

  @ParameterizedTest
  @ValueSource(strings = {"AT+CSQ;+ECMTCLOSE=0", "AT;E1", "AT+ECMTCLOSE=0?", "ATIE1", "ATE1", "ATE", "at e1",
      "ATQ1", "ATV0", "ATZ", "AT&F", "AT&W", "ATS3=10", "AT+CMEE=0", "AT+CMEE=0?", "AT+IPR=9600",
      "AT+ECMTDISC=0", "at+ecmtpub=0,0,0,0,\"t\",x", "AT +ECMTCLOSE=0", "ATI;+ECMTCLOSE=0", "AT+CSQ\rAT+ECMTCLOSE=0",
      "ATD123", "ATH", "ATO", "+CSQ", ""})
  void sessionBreakingOrConcatenatedCommandsAreRefused(String command) {
    assertThatThrownBy(() -> GUARD.check(command)).isInstanceOf(InvalidArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AT", "ATI", "ATI0", "AT+CSQ", "AT+CEREG?", "AT+CGATT?", "AT+ECMTCONN?", "AT+ECMTOPEN=?",
      "at+ecmtcfg=?", "AT+CMEE?", "AT+CFUN?", "AT+CGSN", "AT&V", "AT+CGDCONT=1,\"IP\",\"apn\""})
  void readAndHarmlessCommandsPass(String command) {
    assertThatCode(() -> GUARD.check(command)).doesNotThrowAnyException();
  }
}
