/**
 * A small application linked into its own runtime image by jlink: it needs the SDK and what the
 * SDK requires, nothing from the test kit (whose Moquette and netty jars are automatic modules,
 * which jlink cannot link).
 */
module io.ecmt.sdk.it.image {
  requires io.ecmt.sdk;

  opens io.ecmt.sdk.it.image to com.fasterxml.jackson.databind;
}
