package io.ecmt.sdk.it.consumer;

import io.ecmt.sdk.EcmtModem;
import io.ecmt.sdk.EcmtRxClient;
import io.ecmt.sdk.EcmtTimeouts;
import io.ecmt.sdk.ModuleProfile;
import io.ecmt.sdk.message.ConnectOptions;
import io.ecmt.sdk.message.IncomingMessage;
import io.ecmt.sdk.message.Publish;
import io.ecmt.sdk.message.Qos;
import io.ecmt.sdk.testkit.EmbeddedBroker;
import io.ecmt.sdk.testkit.FakeModule;
import io.ecmt.sdk.transport.InMemoryPipe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Open, connect, subscribe, publish (text and JSON) and receive both back, over a fake module and
 * an embedded broker, from a named module. Prints one line starting with {@code MODULAR CONSUMER OK}
 * on success; exits with 1 otherwise. Run by {@code ModularChecks} during {@code mvn verify}.
 */
public final class ModularRoundTrip {
  /** A JSON payload: Jackson reaches it through the module's {@code opens}. */
  public record Reading(String sensor, double celsius) {}

  private ModularRoundTrip() {}

  public static void main(String[] args) throws Exception {
    requireModule(EcmtModem.class, "io.ecmt.sdk");
    requireModule(FakeModule.class, "io.ecmt.sdk.testkit");
    requireModule(ModularRoundTrip.class, "io.ecmt.sdk.it.consumer");

    ModuleProfile profile = ModuleProfile.EC616S.toBuilder().build();
    EcmtTimeouts timeouts = EcmtTimeouts.builder().open(Duration.ofSeconds(20)).build();
    try (EmbeddedBroker broker = EmbeddedBroker.start();
        FakeModule module = FakeModule.builder().defaultRoute(broker.address()).build()) {
      InMemoryPipe pipe = InMemoryPipe.create();
      module.start(pipe.moduleEnd());
      try (EcmtModem modem = EcmtModem.builder().transport(pipe.hostEnd()).profile(profile).timeouts(timeouts)
          .build()) {
        EcmtRxClient mqtt = modem.client(0).toRx();
        mqtt.open("broker.example", 1883, ConnectOptions.builder().clientId("modular-consumer")
            .credentials("user", "secret").build()).blockingAwait();
        mqtt.connect().blockingGet();
        mqtt.subscribe("it/modular/#", Qos.AT_LEAST_ONCE).blockingGet();

        CompletableFuture<IncomingMessage> text = mqtt.messages("it/modular/text").firstOrError()
            .timeout(15, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture();
        CompletableFuture<Reading> json = mqtt.messages("it/modular/json", Reading.class).firstOrError()
            .timeout(15, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture();
        mqtt.publish(Publish.builder().topic("it/modular/text").payload("hello from a named module")
            .qos(Qos.AT_LEAST_ONCE).build()).blockingGet();
        mqtt.publishJson("it/modular/json", new Reading("garden", 21.5), Qos.AT_LEAST_ONCE).blockingGet();

        String received = text.get(20, TimeUnit.SECONDS).payloadAsString();
        Reading reading = json.get(20, TimeUnit.SECONDS);
        mqtt.disconnect().blockingAwait();
        System.out.println("MODULAR CONSUMER OK: text='" + received + "' json=" + reading);
      }
    }
  }

  private static void requireModule(Class<?> type, String module) {
    String actual = type.getModule().getName();
    if (!module.equals(actual)) {
      System.out.println("not on the module path: " + type.getName() + " is in " + type.getModule());
      System.exit(1);
    }
  }
}
