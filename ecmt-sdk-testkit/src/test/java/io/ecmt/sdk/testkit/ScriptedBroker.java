package io.ecmt.sdk.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A raw MQTT "broker" on 127.0.0.1 port 0 that answers each packet it reads with the bytes a
 * script chooses (nothing: {@code null} or empty), so tests can send what no real broker would.
 * Records every packet it read (fixed header byte, then the rest) and whether the peer closed.
 */
final class ScriptedBroker implements AutoCloseable {
  /** A packet as read: the first byte of the fixed header and the bytes after the length. */
  record Packet(int header, byte[] body) {
    int type() {
      return header >> 4;
    }
  }

  static final int CONNECT = 1;
  static final int PUBLISH = 3;
  static final int SUBSCRIBE = 8;
  static final int PINGREQ = 12;

  private final ServerSocket server;
  private final Function<Packet, byte[]> script;
  private final List<Packet> packets = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean peerClosed;

  ScriptedBroker(Function<Packet, byte[]> script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
    Thread t = new Thread(this::acceptLoop, "scripted-broker");
    t.setDaemon(true);
    t.start();
  }

  /** CONNACK accepted for CONNECT, nothing for anything else (no PINGRESP, no acks). */
  static byte[] connAckOnly(Packet p) {
    return p.type() == CONNECT ? bytes(0x20, 0x02, 0x00, 0x00) : null;
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  List<Packet> packets() {
    return List.copyOf(packets);
  }

  long count(int type) {
    return packets.stream().filter(p -> p.type() == type).count();
  }

  boolean peerClosed() {
    return peerClosed;
  }

  /** Writes {@code raw} to every connection now. */
  void send(byte[] raw) throws IOException {
    for (Socket s : sockets) {
      OutputStream o = s.getOutputStream();
      o.write(raw);
      o.flush();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread t = new Thread(() -> serve(s), "scripted-broker-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int header = in.read();
        if (header < 0) {
          break;
        }
        int len = 0;
        int shift = 0;
        int b;
        do {
          b = in.readUnsignedByte();
          len |= (b & 0x7F) << shift;
          shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[len];
        in.readFully(body);
        Packet p = new Packet(header, body);
        packets.add(p);
        byte[] reply = script.apply(p);
        if (reply != null && reply.length > 0) {
          out.write(reply);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the peer reset the link
    }
    peerClosed = true;
  }

  /** An MQTT packet: {@code header}, the remaining length, {@code body}. */
  static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(header);
    int len = body.length;
    do {
      int d = len % 128;
      len /= 128;
      o.write(len > 0 ? d | 0x80 : d);
    } while (len > 0);
    o.writeBytes(body);
    return o.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
