/**
 * The dialect-neutral engine of the fake module: not API (public only so that dialect packages
 * can share it); use {@link io.ecmt.sdk.testkit.FakeModule}.
 *
 * <p>{@link io.ecmt.sdk.testkit.engine.ModuleEngine} wires one module: its thread and clock
 * ({@link io.ecmt.sdk.testkit.engine.ModuleLoop}, wall clock or an injected scheduler), input
 * ({@link io.ecmt.sdk.testkit.engine.Input}: lines, echo, prompt data), output
 * ({@link io.ecmt.sdk.testkit.engine.Output}: framing, result codes, chunking, throttle;
 * {@link io.ecmt.sdk.testkit.engine.Urcs}: the URC path), parameters
 * ({@link io.ecmt.sdk.testkit.engine.AtParams}), the
 * {@link io.ecmt.sdk.testkit.engine.CommandTable} with strict mode, the 27.007 basics, broker
 * links that report neutral {@link io.ecmt.sdk.testkit.engine.BrokerEvent}s, the MQTT
 * {@link io.ecmt.sdk.testkit.engine.TaskQueue} and all fault state
 * ({@link io.ecmt.sdk.testkit.engine.Faults}). A module family's command set is a
 * {@link io.ecmt.sdk.testkit.engine.Dialect} in a package of its own; nothing here knows one.
 */
package io.ecmt.sdk.testkit.engine;
