package io.ecmt.sdk.exceptions;

/**
 * The module reported the broker link gone ({@code +ECMTSTAT: <id>,<code>}), or the module
 * rebooted: every operation pending on that client fails with this.
 */
public final class LinkLostException extends EcmtException {
  /** Status code used when the module rebooted ({@code RDY}) rather than printing +ECMTSTAT. */
  public static final int MODULE_REBOOTED = -1;

  private final int clientId;
  private final int statusCode;

  public LinkLostException(int clientId, int statusCode) {
    super("link lost on client " + clientId + ": " + describe(statusCode));
    this.clientId = clientId;
    this.statusCode = statusCode;
  }

  /** A text for a +ECMTSTAT / Quectel +QMTSTAT status code. */
  public static String describe(int statusCode) {
    return switch (statusCode) {
      case MODULE_REBOOTED -> "module rebooted";
      case 1 -> "connection closed or reset by peer (1)";
      case 2 -> "PINGREQ timed out (2)";
      case 3 -> "CONNECT timed out or failed (3)";
      case 4 -> "CONNACK timed out or failed (4)";
      case 5 -> "server closed the connection after DISCONNECT (5)";
      case 6 -> "client closed after repeated send failures (6)";
      case 7 -> "link not alive or server unavailable (7)";
      case 8 -> "client closed the connection (8)";
      default -> "status " + statusCode;
    };
  }

  public int clientId() {
    return clientId;
  }

  /** The {@code <err_code>} printed, or {@link #MODULE_REBOOTED}. */
  public int statusCode() {
    return statusCode;
  }
}
