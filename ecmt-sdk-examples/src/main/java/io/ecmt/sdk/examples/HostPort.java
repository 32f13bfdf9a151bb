package io.ecmt.sdk.examples;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code host:port} command-line value ({@code [::1]:5000} for IPv6 literals). */
record HostPort(String host, int port) {

  /** A resolved socket address. */
  InetSocketAddress address() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Parses {@code host:port}. */
  static final class Converter implements ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new TypeConversionException("'" + value + "' is not <host>:<port>");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "': the port is not a number");
      }
      if (port < 1 || port > 65535) {
        throw new TypeConversionException("'" + value + "': the port must be 1..65535");
      }
      return new HostPort(host, port);
    }
  }
}
