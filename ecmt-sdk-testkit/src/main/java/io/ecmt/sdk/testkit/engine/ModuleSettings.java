package io.ecmt.sdk.testkit.engine;

import io.ecmt.sdk.testkit.Dispatcher;
import java.time.Duration;
import java.util.Objects;

/**
 * A module's dialect-neutral settings, fixed when it is built.
 *
 * @param echo echo at start ({@code ATE1}); a reboot turns it on regardless
 * @param printRdy whether {@code RDY} is printed at start
 * @param cmee the {@code AT+CMEE} mode at start and after a reboot
 * @param strict whether commands the module does not understand are recorded as violations
 * @param promptGuard how long a prompt waits for its data before {@code ERROR}
 * @param routes where open requests go
 * @param dispatcher the scripting hook, asked before the built-in commands
 */
public record ModuleSettings(boolean echo, boolean printRdy, int cmee, boolean strict,
    Duration promptGuard, Routes routes, Dispatcher dispatcher) {

  public ModuleSettings {
    Objects.requireNonNull(promptGuard, "promptGuard");
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(dispatcher, "dispatcher");
  }
}
