/** Must not compile: it reaches into the SDK's internals, which the SDK does not export to it. */
module io.ecmt.sdk.it.outsider {
  requires io.ecmt.sdk;
}
