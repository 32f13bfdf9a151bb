package io.ecmt.sdk.internal.dialect;

import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import java.util.List;
import java.util.function.Consumer;

/**
 * A module family's MQTT command set, as the session sees it: intents in, AT requests out; lines
 * in (through {@link #decoder}), {@link ModuleEvent}s out. One instance per modem; requests carry
 * the timeouts the modem was built with. Arguments were checked against the profile before.
 */
public interface Dialect {

  /** The settings the module forgets with each context, written before every open. */
  List<AtRequest> configure(int client, ConnectOptions options);

  AtRequest open(int client, String host, int port);

  AtRequest connect(int client, ConnectOptions options);

  AtRequest subscribe(int client, int msgId, String filter, Qos qos);

  AtRequest unsubscribe(int client, int msgId, String filter);

  /** The payload form (one line, prompt, length-framed) is chosen here, before any byte is written. */
  AtRequest publish(int client, int msgId, Publish publish);

  AtRequest disconnect(int client);

  AtRequest close(int client);

  /** Lists the client links the module holds (answered with {@link ModuleEvent.LinkState} lines). */
  AtRequest readLinks();

  /** Checks a message against what the dialect can carry; throws {@code InvalidArgumentException}. */
  void checkPublish(Publish publish);

  /** The start of the dialect's MQTT commands ({@code AT+ECMT}), refused as set forms in the pass-through. */
  String commandPrefix();

  /** {@code line} with the dialect's secret-bearing forms masked. */
  String redactForms(String line);

  /** Whether {@code line} starts a raw payload that runs to the end of the receive burst. */
  boolean startsRawPayload(String line);

  /** A decoder for one modem's lines. */
  ModuleDecoder decoder(Consumer<ModuleEvent> sink);
}
