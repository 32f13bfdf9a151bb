package io.ecmt.sdk.testkit.ecmt;

import io.ecmt.sdk.testkit.engine.BrokerLink;
import io.ecmt.sdk.testkit.engine.Faults;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ECMT client context: created by the first {@code AT+ECMTCFG} or by {@code AT+ECMTOPEN},
 * destroyed by CLOSE, DISC or a failed open. Holds the configuration (what queries show, which
 * starts at 0, and what CONNECT really uses), the state and the broker link.
 */
final class ClientContext {

  /** Client states; {@link #readState()} is what {@code AT+ECMTCONN?} prints (0: nothing). */
  enum State {
    IDLE(0), OPENING(0), OPEN(1), CONNECT_QUEUED(2), CONNECTING(3), CONNECTED(3), LOST(4);

    private final int read;

    State(int read) {
      this.read = read;
    }

    int readState() {
      return read;
    }

    /** Opening, open or connected: a second OPEN is accepted and ignored. */
    boolean linked() {
      return this == OPENING || this == OPEN || connectedish();
    }

    /** CONNECT queued, sent or acknowledged. */
    boolean connectedish() {
      return this == CONNECT_QUEUED || this == CONNECTING || this == CONNECTED;
    }

    /** What CLOSE and DISC accept. */
    boolean closable() {
      return this == OPEN || connectedish() || this == LOST;
    }
  }

  final int id;
  State state = State.IDLE;
  // null / 0 = never set: queries print 0, CONNECT uses the firmware defaults.
  Integer keepalive;
  Integer session;
  Integer version;
  int[] timeout = {0, 0, 0};
  int willFlag;
  int willQos;
  int willRetain;
  String willTopic;
  String willMessage;
  int echomode;
  int[] dataformat = {0, 0};
  int[] cloud = {0, 0};
  List<String> aliauth;
  String host;
  int port;
  /** The broker link while open; null before, and once lost. */
  BrokerLink link;
  /** The MQTT task's {@code done} of the CONNECT waiting for its CONNACK. */
  Runnable connDone;
  /** {@link io.ecmt.sdk.testkit.Fault.LateLinkLoss}: the link is gone but {@code +ECMTSTAT} not printed yet. */
  Faults.LateReport heldStat;
  final Map<Integer, Runnable> pendingPub = new HashMap<>();
  final Map<Integer, Runnable> pendingSub = new HashMap<>();
  final Map<Integer, Runnable> pendingUns = new HashMap<>();

  ClientContext(int id) {
    this.id = id;
  }

  boolean connectedish() {
    return state.connectedish();
  }

  int effectiveKeepalive() {
    return keepalive == null ? 120 : keepalive;
  }

  int effectiveSession() {
    return session == null ? 1 : session;
  }

  int effectiveVersion() {
    return version == null ? 4 : version;
  }

  /** {@code dn,ds,pk}, unquoted (empty fields before any set), as EC616S prints the query. */
  private String aliauthQuery() {
    if (aliauth == null) {
      return ",,";
    }
    return aliauth.get(1) + "," + aliauth.get(2) + "," + aliauth.get(0);
  }

  /** What {@code AT+ECMTCFG="<option>",<id>} shows after the option name; null: unknown option. */
  String cfgQuery(String option) {
    return switch (option) {
      case "keepalive" -> Integer.toString(keepalive == null ? 0 : keepalive);
      case "session" -> Integer.toString(session == null ? 0 : session);
      case "version" -> Integer.toString(version == null ? 0 : version);
      case "timeout" -> timeout[0] + "," + timeout[1] + "," + timeout[2];
      case "will" -> willFlag + "," + willQos + "," + willRetain + ","
          + (willTopic == null ? "" : willTopic) + "," + (willMessage == null ? "" : willMessage);
      case "echomode" -> Integer.toString(echomode);
      case "dataformat" -> dataformat[0] + "," + dataformat[1];
      case "cloud" -> cloud[0] + "," + cloud[1];
      case "aliauth" -> aliauthQuery();
      default -> null;
    };
  }
}
