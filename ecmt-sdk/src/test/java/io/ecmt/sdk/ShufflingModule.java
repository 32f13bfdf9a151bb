package io.ecmt.sdk;

import io.ecmt.sdk.internal.at.LineFramer;
import io.ecmt.sdk.transport.Transport;
import io.ecmt.sdk.transport.TransportListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers OK at once; acknowledges each publish later, in random order, from its own thread. */
final class ShufflingModule implements TransportListener {
  private final Transport end;
  private final LineFramer lines = new LineFramer(8192, LineFramer.FramerSink.ofLines(this::handle));
  private final BlockingQueue<String> toAck = new LinkedBlockingQueue<>();
  private final Set<Integer> inFlight = ConcurrentHashMap.newKeySet();
  final List<Integer> duplicateInFlight = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger published = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  private final Thread acker;
  private volatile boolean running = true;

  ShufflingModule(Transport end) {
    this.end = end;
    try {
      end.open(this);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    acker = new Thread(this::ackLoop, "shuffling-acker");
    acker.setDaemon(true);
    acker.start();
  }

  @Override
  public void onBytes(byte[] bytes) {
    lines.feed(bytes);
  }

  @Override
  public void onClosed() {}

  @Override
  public void onError(Throwable error) {}

  private void handle(String command) {
    write("\r\nOK\r\n");
    if (command.startsWith("AT+ECMTOPEN=")) {
      write("\r\n+ECMTOPEN: 0,0\r\n");
    } else if (command.startsWith("AT+ECMTCONN=")) {
      write("\r\n+ECMTCONN: 0,0,0\r\n");
    } else if (command.startsWith("AT+ECMTPUB=")) {
      int msgId = Integer.parseInt(command.split(",")[1]);
      if (!inFlight.add(msgId)) {
        duplicateInFlight.add(msgId);
      }
      maxInFlight.accumulateAndGet(inFlight.size(), Math::max);
      toAck.add("+ECMTPUB: 0," + msgId + ",0");
    }
  }

  private void ackLoop() {
    Random random = new Random(42);
    List<String> batch = new ArrayList<>();
    while (running) {
      try {
        String next = toAck.poll(2, TimeUnit.MILLISECONDS);
        if (next != null) {
          batch.add(next);
        }
        if (!batch.isEmpty() && (next == null || batch.size() >= 1 + random.nextInt(8))) {
          Collections.shuffle(batch, random);
          for (String urc : batch) {
            inFlight.remove(Integer.parseInt(urc.split(",")[1]));
            published.incrementAndGet();
            write("\r\n" + urc + "\r\n");
          }
          batch.clear();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void write(String s) {
    try {
      end.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the modem closed
    }
  }

  void stop() {
    running = false;
    acker.interrupt();
  }
}
