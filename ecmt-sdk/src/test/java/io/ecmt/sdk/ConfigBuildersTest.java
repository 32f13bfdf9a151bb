package io.ecmt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration builders: a round trip through toBuilder() is the identity, each setter reaches its component, bad values fail at build(). */
class ConfigBuildersTest {

  @Nested
  class ModuleProfiles {
    @ParameterizedTest
    @ValueSource(strings = {"ec616s", "ec616", "generic"})
    void roundTripOfEachBuiltInProfileIsEqual(String name) {
      ModuleProfile profile = ModuleProfile.named(name);
      assertThat(profile.toBuilder().build()).isEqualTo(profile).isNotSameAs(profile);
    }

    @Test
    void builtInProfilesSpeakEcmt() {
      assertThat(ModuleProfile.EC616S.commandSet()).isEqualTo(CommandSet.ECMT);
      assertThat(ModuleProfile.EC616.commandSet()).isEqualTo(CommandSet.ECMT);
      assertThat(ModuleProfile.GENERIC.commandSet()).isEqualTo(CommandSet.ECMT);
    }

    @Test
    void theTwelveValueConstructorStillMeansAnEcmtProfile() {
      ModuleProfile positional = new ModuleProfile("p", 2, 10, 11, 12, 13, 14, 15, 16, 17, 18, true);
      ModuleProfile named = ModuleProfile.builder("p").commandSet(CommandSet.ECMT).maxClients(2).hostMax(10)
          .clientIdMax(11).usernameMax(12).passwordMax(13).topicMax(14).willTopicMax(15).willMessageMax(16)
          .stringPayloadMax(17).promptPayloadMax(18).tls(true).build();
      assertThat(named).isEqualTo(positional);
    }

    @Test
    void everySetterReachesItsComponent() {
      ModuleProfile p = ModuleProfile.EC616S.toBuilder().name("x").maxClients(6).hostMax(1).clientIdMax(2)
          .usernameMax(3).passwordMax(4).topicMax(5).willTopicMax(6).willMessageMax(7).stringPayloadMax(8)
          .promptPayloadMax(9).tls(true).build();
      assertThat(p).isEqualTo(new ModuleProfile("x", CommandSet.ECMT, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, true));
    }

    @Test
    void builderByNameStartsFromTheDocumentedLimits() {
      ModuleProfile p = ModuleProfile.builder("mine").build();
      assertThat(p.name()).isEqualTo("mine");
      assertThat(p.toBuilder().name("generic").build()).isEqualTo(ModuleProfile.GENERIC);
    }

    @Test
    void aChangedCopyLeavesTheOriginalAlone() {
      ModuleProfile longer = ModuleProfile.EC616S.toBuilder().topicMax(511).build();
      assertThat(longer.topicMax()).isEqualTo(511);
      assertThat(ModuleProfile.EC616S.topicMax()).isEqualTo(255);
      assertThat(longer.toBuilder().topicMax(255).build()).isEqualTo(ModuleProfile.EC616S);
    }

    @Test
    void upToSixClientsLikeQuectelsZeroToFive() {
      ModuleProfile six = ModuleProfile.GENERIC.toBuilder().maxClients(6).build();
      assertThat(six.isClientId(5)).isTrue();
      assertThat(six.isClientId(6)).isFalse();
      assertThat(six.isClientId(-1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 7})
    void clientCountOutOfRangeIsRefused(int clients) {
      assertThatThrownBy(() -> ModuleProfile.GENERIC.toBuilder().maxClients(clients).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxClients must be 1..6");
    }

    @Test
    void aLengthBelowOneIsRefusedByName() {
      assertThatThrownBy(() -> ModuleProfile.GENERIC.toBuilder().topicMax(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topicMax");
      assertThatThrownBy(() -> ModuleProfile.GENERIC.toBuilder().promptPayloadMax(-5).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promptPayloadMax");
    }

    @Test
    void nameAndCommandSetAreRequired() {
      assertThatThrownBy(() -> ModuleProfile.builder(null)).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("name");
      assertThatThrownBy(() -> ModuleProfile.GENERIC.toBuilder().commandSet(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("commandSet");
      assertThatThrownBy(() -> new ModuleProfile("x", null, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, false))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("commandSet");
    }
  }

  @Nested
  class Timeouts {
    @Test
    void builderStartsFromTheDefaultsAndRoundTrips() {
      assertThat(EcmtTimeouts.builder().build()).isEqualTo(EcmtTimeouts.DEFAULTS);
      EcmtTimeouts custom = EcmtTimeouts.builder().open(Duration.ofSeconds(90)).build();
      assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }

    @Test
    void everySetterReachesItsComponent() {
      EcmtTimeouts t = EcmtTimeouts.builder().command(ms(1)).publishCommand(ms(2)).open(ms(3)).connect(ms(4))
          .subscribe(ms(5)).publish(ms(6)).disconnect(ms(7)).recvIdle(ms(8)).connectGrace(ms(9)).build();
      assertThat(t).isEqualTo(new EcmtTimeouts(ms(1), ms(2), ms(3), ms(4), ms(5), ms(6), ms(7), ms(8), ms(9)));
    }

    @Test
    void theWithMethodsAgreeWithTheBuilder() {
      EcmtTimeouts viaWith = EcmtTimeouts.DEFAULTS.withCommand(ms(1)).withOpen(ms(3)).withConnect(ms(4))
          .withSubscribe(ms(5)).withPublish(ms(6)).withDisconnect(ms(7)).withRecvIdle(ms(8)).withConnectGrace(ms(9));
      EcmtTimeouts viaBuilder = EcmtTimeouts.builder().command(ms(1)).open(ms(3)).connect(ms(4)).subscribe(ms(5))
          .publish(ms(6)).disconnect(ms(7)).recvIdle(ms(8)).connectGrace(ms(9)).build();
      assertThat(viaWith).isEqualTo(viaBuilder);
    }

    @Test
    void theEightValueConstructorKeepsTheDefaultGrace() {
      EcmtTimeouts eight = new EcmtTimeouts(ms(1), ms(2), ms(3), ms(4), ms(5), ms(6), ms(7), ms(8));
      assertThat(eight.connectGrace()).isEqualTo(EcmtTimeouts.DEFAULTS.connectGrace());
    }

    @Test
    void zeroNegativeOrMissingTimeoutsAreRefusedByName() {
      assertThatThrownBy(() -> EcmtTimeouts.builder().subscribe(Duration.ZERO).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscribe");
      assertThatThrownBy(() -> EcmtTimeouts.builder().recvIdle(ms(-1)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recvIdle");
      assertThatThrownBy(() -> EcmtTimeouts.builder().connectGrace(null).build())
          .isInstanceOf(NullPointerException.class).hasMessageContaining("connectGrace");
    }
  }

  @Nested
  class Reconnect {
    @Test
    void builderStartsFromTheDefaultAndRoundTrips() {
      assertThat(ReconnectPolicy.builder().build()).isEqualTo(ReconnectPolicy.DEFAULT);
      ReconnectPolicy p = ReconnectPolicy.builder().initialDelay(ms(10)).maxDelay(ms(20)).multiplier(1.5)
          .jitter(0).maxAttempts(3).probeInterval(Duration.ZERO).maxElapsed(Duration.ofMinutes(1)).build();
      assertThat(p).isEqualTo(new ReconnectPolicy(ms(10), ms(20), 1.5, 0, 3, Duration.ZERO, Duration.ofMinutes(1)));
      assertThat(p.toBuilder().build()).isEqualTo(p);
      assertThat(p.toBuilder().maxAttempts(0).build()).isEqualTo(p.withMaxAttempts(0));
    }

    @Test
    void outOfRangeValuesAreRefused() {
      assertThatThrownBy(() -> ReconnectPolicy.builder().multiplier(0.5).build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ReconnectPolicy.builder().jitter(1.5).build())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ReconnectPolicy.builder().initialDelay(Duration.ofMinutes(5)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialDelay ≤ maxDelay");
      assertThatThrownBy(() -> ReconnectPolicy.builder().maxElapsed(ms(-1)).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxElapsed");
      assertThatThrownBy(() -> ReconnectPolicy.builder().probeInterval(null).build())
          .isInstanceOf(NullPointerException.class).hasMessageContaining("probeInterval");
    }
  }

  @Nested
  class Outbox {
    @Test
    void builderStartsFromTheDefaultAndRoundTrips() {
      assertThat(OutboxPolicy.builder().build()).isEqualTo(OutboxPolicy.DEFAULT);
      OutboxPolicy p = OutboxPolicy.builder().capacity(2).overflow(OutboxPolicy.Overflow.DROP_OLDEST)
          .queueQos0(true).build();
      assertThat(p).isEqualTo(new OutboxPolicy(2, OutboxPolicy.Overflow.DROP_OLDEST, true));
      assertThat(p.toBuilder().build()).isEqualTo(p);
    }

    @Test
    void outOfRangeValuesAreRefused() {
      assertThatThrownBy(() -> OutboxPolicy.builder().capacity(0).build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
      assertThatThrownBy(() -> OutboxPolicy.builder().overflow(null).build())
          .isInstanceOf(NullPointerException.class).hasMessageContaining("overflow");
    }
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
