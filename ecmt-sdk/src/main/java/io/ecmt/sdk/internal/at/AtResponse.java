package io.ecmt.sdk.internal.at;

import java.util.List;

/**
 * The successful answer to an {@link AtRequest}: its final result was {@code OK}.
 *
 * @param lines the information lines that matched the request's response matcher, in order
 */
public record AtResponse(List<String> lines) {
  public AtResponse {
    lines = List.copyOf(lines);
  }
}
