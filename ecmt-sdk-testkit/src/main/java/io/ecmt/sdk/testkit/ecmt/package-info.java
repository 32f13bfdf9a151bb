/**
 * The Eigencomm {@code AT+ECMT*} dialect of the fake module: every ECMT command handler, URC text
 * and build quirk, on the shared {@link io.ecmt.sdk.testkit.engine engine}. Not API (public only
 * for {@link io.ecmt.sdk.testkit.FakeModule}); the protocol reference is
 * {@code ecmt-at-commands.md}.
 */
package io.ecmt.sdk.testkit.ecmt;
