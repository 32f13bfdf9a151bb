package io.ecmt.sdk.internal.codec;

/**
 * MQTT 3.1.1 topic filter matching: {@code +} matches one level, {@code #} the rest (including the
 * parent level); a topic starting with {@code $} matches only a filter whose first level is not a
 * wildcard. Used by the SDK's message views and by the testkit.
 */
public final class TopicFilter {
  private TopicFilter() {}

  /** Whether {@code topic} matches {@code filter}; both are assumed well-formed. */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
