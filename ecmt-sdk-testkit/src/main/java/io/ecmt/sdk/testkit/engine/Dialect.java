package io.ecmt.sdk.testkit.engine;

import java.util.List;

/**
 * A module family's command set on top of the shared {@link ModuleEngine}: its commands, its
 * URCs, its client state and its build quirks. The engine gives it everything else: input and
 * echo, output shaping and result codes, parameter parsing, the command table and strict mode,
 * the scripting hook, the broker links, the MQTT task and all fault state.
 *
 * <p>Everything here is called on the module's loop.
 */
public interface Dialect {

  /** Makes a dialect for an engine, once, while the engine is built. */
  @FunctionalInterface
  interface Factory {
    /** A dialect using {@code engine}'s services; it must not start anything yet. */
    Dialect create(ModuleEngine engine);
  }

  /** Registers the dialect's commands (the engine has registered the 27.007 basics). */
  void register(CommandTable table);

  /** The information lines {@code ATI} prints. */
  List<String> identification();

  /** The line {@code AT+CGMR} prints. */
  String revision();

  /** How many clients the module has: ids {@code 0 .. clientSlots()-1}. */
  int clientSlots();

  /**
   * Forgets all client state, closing every broker link without a URC: the module rebooted or is
   * closing. The engine resets the MQTT task afterwards.
   */
  void reset();
}
