package io.ecmt.sdk.internal.dialect.ecmt;

import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.internal.at.AtRequest;
import io.ecmt.sdk.ArgumentChecks;
import io.ecmt.sdk.internal.dialect.Dialect;
import io.ecmt.sdk.internal.dialect.ModuleDecoder;
import io.ecmt.sdk.internal.dialect.ModuleEvent;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.message.Will;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Eigencomm's {@code AT+ECMT*} command set (EC616/EC616S/EC618 builds). */
public final class EcmtDialect implements Dialect {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  private final ModuleProfile profile;
  private final EcmtTimeouts timeouts;

  public EcmtDialect(ModuleProfile profile, EcmtTimeouts timeouts) {
    this.profile = profile;
    this.timeouts = timeouts;
  }

  private AtRequest request(EcmtCommand command) {
    return new AtRequest(command.encode(), command.redacted(), null, null, timeouts.command());
  }

  @Override
  public List<AtRequest> configure(int client, ConnectOptions options) {
    List<EcmtCommand> commands = new ArrayList<>();
    commands.add(new EcmtCommand.CfgKeepAlive(client, ArgumentChecks.keepAliveSeconds(options.keepAlive())));
    commands.add(new EcmtCommand.CfgSession(client, options.cleanSession()));
    commands.add(new EcmtCommand.CfgVersion(client, options.version().code()));
    Will will = options.will().orElse(null);
    commands.add(will == null
        ? new EcmtCommand.CfgWill(client, false, 0, false, null, null)
        : new EcmtCommand.CfgWill(client, true, will.qos().code(), will.retain(), will.topic(), will.message()));
    options.packetTimeout().ifPresent(t -> commands.add(new EcmtCommand.CfgTimeout(client,
        ArgumentChecks.packetTimeoutSeconds(t, options.packetRetries()), options.packetRetries(), false)));
    options.tls().ifPresent(tls -> commands.add(tls.isPsk()
        ? new EcmtCommand.CfgSslPsk(tls.psk().orElseThrow(), tls.pskId().orElseThrow())
        : new EcmtCommand.CfgSslCa(tls.caBase64().orElseThrow(), tls.hostname().orElse(null))));
    return commands.stream().map(this::request).toList();
  }

  @Override
  public AtRequest open(int client, String host, int port) {
    return request(new EcmtCommand.Open(client, host, port));
  }

  @Override
  public AtRequest connect(int client, ConnectOptions options) {
    return request(new EcmtCommand.Connect(client, options.clientId().orElse(null),
        options.username().orElse(null), options.password().orElse(null)));
  }

  @Override
  public AtRequest subscribe(int client, int msgId, String filter, Qos qos) {
    return request(new EcmtCommand.Subscribe(client, msgId, filter, qos.code()));
  }

  @Override
  public AtRequest unsubscribe(int client, int msgId, String filter) {
    return request(new EcmtCommand.Unsubscribe(client, msgId, filter));
  }

  @Override
  public AtRequest publish(int client, int msgId, Publish publish) {
    if (ArgumentChecks.payload(publish.payload(), profile) == ArgumentChecks.PayloadForm.TEXT) {
      EcmtCommand command = new EcmtCommand.PublishText(client, msgId, publish.qos().code(), publish.retain(),
          publish.topic(), new String(publish.payload(), StandardCharsets.UTF_8));
      return new AtRequest(command.encode(), command.redacted(), null, null, timeouts.publishCommand());
    }
    EcmtCommand command = new EcmtCommand.PublishPrompt(client, msgId, publish.qos().code(), publish.retain(),
        publish.topic());
    return new AtRequest(command.encode(), command.redacted(), null, publish.payload(), timeouts.publishCommand());
  }

  @Override
  public AtRequest disconnect(int client) {
    return request(new EcmtCommand.Disconnect(client));
  }

  @Override
  public AtRequest close(int client) {
    return request(new EcmtCommand.Close(client));
  }

  @Override
  public AtRequest readLinks() {
    EcmtCommand read = new EcmtCommand.ConnectRead();
    return new AtRequest(read.encode(), read.redacted(), read::isResponseLine, null, READ_TIMEOUT);
  }

  @Override
  public void checkPublish(Publish publish) {
    ArgumentChecks.payload(publish.payload(), profile);
  }

  @Override
  public String commandPrefix() {
    return "AT+ECMT";
  }

  @Override
  public String redactForms(String line) {
    return EcmtRedaction.redactForms(line);
  }

  @Override
  public boolean startsRawPayload(String line) {
    return line.stripLeading().startsWith("+ECMTRECV:");
  }

  @Override
  public ModuleDecoder decoder(Consumer<ModuleEvent> sink) {
    return new EcmtModuleDecoder(sink);
  }
}
