package io.ecmt.sdk.testkit;

/**
 * A scripting hook, like OkHttp MockWebServer's {@code Dispatcher}: sees every command line a
 * {@link FakeModule} receives and may answer it before the module's own handlers do. Return
 * {@link Reply#decline()} (or null) to let the module answer as usual.
 *
 * <pre>{@code
 * FakeModule module = FakeModule.builder()
 *     .dispatcher(cmd -> cmd.is("+CSQ") ? Reply.lines("+CSQ: 20,99").thenOk() : Reply.decline())
 *     .build();
 * }</pre>
 *
 * <p>Order: armed {@link Fault.FailNextCommand} and {@link Fault.ScriptedReply} faults come
 * first, then the dispatcher, then the module's built-in commands. A command the dispatcher
 * answers is recorded in the transcript like any other and is never a strict-mode violation; one
 * it declines is handled (and judged) as if there were no dispatcher.
 *
 * <p>Runs on the module's thread: it must not block. An exception it throws is answered with
 * {@code ERROR} and, in strict mode, recorded as a violation.
 */
@FunctionalInterface
public interface Dispatcher {

  /** A dispatcher that declines everything: the module's own behaviour. */
  Dispatcher BUILT_IN = command -> Reply.decline();

  /** The reply to {@code command}, or {@link Reply#decline()} / null for the module's own answer. */
  Reply dispatch(RecordedCommand command);
}
