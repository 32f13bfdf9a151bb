/**
 * A program written the way a modular application uses the SDK: it names the SDK and the test kit
 * as modules and sees nothing but their exported packages.
 */
module io.ecmt.sdk.it.consumer {
  requires io.ecmt.sdk;
  requires io.ecmt.sdk.testkit;

  // Jackson maps this module's records (publishJson, messages(filter, type)) by reflection.
  opens io.ecmt.sdk.it.consumer to com.fasterxml.jackson.databind;
}
